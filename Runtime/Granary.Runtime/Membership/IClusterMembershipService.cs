namespace Granary.Membership;

/// <summary>This silo's view of the cluster: which silos exist and their status, updated as the table changes.</summary>
public interface IClusterMembershipService
{
    /// <summary>The latest view; <see cref="ClusterMembershipSnapshot.Empty"/> before the silo first read the table.</summary>
    ClusterMembershipSnapshot CurrentSnapshot { get; }

    /// <summary>The current snapshot, then every newer one as it is read, until cancelled or the silo stops.</summary>
    IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates(CancellationToken cancellationToken);

    /// <summary>Reads the table now and publishes what changed (instead of waiting for the next refresh).</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}
