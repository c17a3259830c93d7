namespace Granary.Membership;

/// <summary>
/// The cluster as one silo last read it from the membership table. <see cref="Version"/> is the table version
/// it was read at, so a later snapshot always has a larger one. Immutable.
/// </summary>
public sealed class ClusterMembershipSnapshot
{
    public ClusterMembershipSnapshot(long version, IEnumerable<ClusterMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Version = version;
        Members = members.ToDictionary(member => member.SiloAddress);
        ActiveSilos = [.. Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order()];
    }

    /// <summary>Before the first read of the table: version -1, no members.</summary>
    public static ClusterMembershipSnapshot Empty { get; } = new(-1, []);

    public long Version { get; }

    /// <summary>Every silo in the table, dead ones included until their rows are cleaned up.</summary>
    public IReadOnlyDictionary<SiloAddress, ClusterMember> Members { get; }

    /// <summary>The silos with status Active, in <see cref="SiloAddress"/> order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The status of <paramref name="silo"/>, or null when the table has no row for it.</summary>
    public SiloStatus? GetSiloStatus(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return Members.TryGetValue(silo, out var member) ? member.Status : null;
    }

    public override string ToString() =>
        $"v{Version}: " + string.Join(", ", Members.Values.OrderBy(m => m.SiloAddress).Select(m => $"{m.SiloAddress} {m.Status}"));
}
