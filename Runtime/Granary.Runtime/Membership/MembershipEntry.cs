namespace Granary.Membership;

/// <summary>One row of the membership table: a silo (one generation of it) and what the cluster knows about it.</summary>
public sealed record MembershipEntry
{
    public required SiloAddress SiloAddress { get; init; }

    /// <summary>A human-friendly name (the pod name in Kubernetes).</summary>
    public string SiloName { get; init; } = string.Empty;

    /// <summary>The machine or pod host name.</summary>
    public string HostName { get; init; } = string.Empty;

    public SiloStatus Status { get; init; }

    /// <summary>The port clients connect to on <see cref="SiloAddress.Host"/>; null when the silo is no gateway.</summary>
    public int? GatewayPort { get; init; }

    public DateTimeOffset StartTime { get; init; }

    /// <summary>When the silo last said it was alive. Table writes never move it backwards.</summary>
    public DateTimeOffset IAmAliveTime { get; init; }

    /// <summary>Votes by other silos that this one is dead, oldest first.</summary>
    public IReadOnlyList<SuspicionVote> SuspectTimes { get; init; } = [];

    /// <summary>Whether every field, vote list included, matches.</summary>
    public bool HasSameContent(MembershipEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SiloAddress == other.SiloAddress
            && string.Equals(SiloName, other.SiloName, StringComparison.Ordinal)
            && string.Equals(HostName, other.HostName, StringComparison.Ordinal)
            && Status == other.Status
            && GatewayPort == other.GatewayPort
            && StartTime == other.StartTime
            && IAmAliveTime == other.IAmAliveTime
            && SuspectTimes.SequenceEqual(other.SuspectTimes);
    }
}
