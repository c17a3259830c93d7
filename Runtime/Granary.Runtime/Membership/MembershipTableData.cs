namespace Granary.Membership;

/// <summary>What a read of the membership table returns: rows with their etags, and the table version read with them.</summary>
public sealed class MembershipTableData
{
    public MembershipTableData(IReadOnlyList<(MembershipEntry Entry, string ETag)> entries, TableVersion version)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(version);
        Entries = entries;
        Version = version;
    }

    public IReadOnlyList<(MembershipEntry Entry, string ETag)> Entries { get; }

    public TableVersion Version { get; }

    /// <summary>The row of <paramref name="silo"/>, if present.</summary>
    public bool TryGet(SiloAddress silo, out MembershipEntry entry, out string etag)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var (candidate, candidateEtag) in Entries)
        {
            if (candidate.SiloAddress == silo)
            {
                entry = candidate;
                etag = candidateEtag;
                return true;
            }
        }

        entry = null!;
        etag = null!;
        return false;
    }
}
