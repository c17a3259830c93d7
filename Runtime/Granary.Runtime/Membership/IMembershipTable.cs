namespace Granary.Membership;

/// <summary>
/// The shared record of which silos form one cluster (the implementation is scoped to one cluster id).
/// Writers use optimistic concurrency: every insert or update names the row etag and the table version it
/// read, and the table applies it only if neither moved, bumping both. A false return means "somebody wrote
/// first; read again and retry". Failures to reach the store throw <see cref="MembershipTableException"/>.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates what the table needs (schema, the table-version row) if missing; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every row of this cluster and the table version, read consistently.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The row of <paramref name="silo"/> (zero or one entries) and the table version.</summary>
    Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a row if none exists for its silo and the table version is still the one <paramref name="newVersion"/>
    /// was derived from (its <see cref="TableVersion.VersionEtag"/>); then the table version becomes <paramref name="newVersion"/>.
    /// </summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a row if its etag is still <paramref name="rowEtag"/> and the table version still matches, bumping both.
    /// The stored IAmAlive time never moves backwards (the later of the stored and the written one is kept).
    /// </summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string rowEtag, TableVersion newVersion, CancellationToken cancellationToken);

    /// <summary>Sets only the IAmAlive time of the entry's row; changes neither the row etag nor the table version.</summary>
    Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes rows of dead silos whose IAmAlive time is before <paramref name="beforeDate"/>.</summary>
    Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken);

    /// <summary>Deletes every row and the table version of <paramref name="clusterId"/> (tests and tooling).</summary>
    Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken);
}
