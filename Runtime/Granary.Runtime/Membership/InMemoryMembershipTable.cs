using System.Globalization;

namespace Granary.Membership;

/// <summary>
/// A membership table in process memory, for tests: every silo of a test cluster gets the same instance.
/// <see cref="ForCluster"/> gives a view of another cluster over the same store, the way two clusters share
/// one database. Thread-safe; every operation completes synchronously.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Store _store;

    public InMemoryMembershipTable(string clusterId = "default")
        : this(new Store(), clusterId)
    {
    }

    private InMemoryMembershipTable(Store store, string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _store = store;
        ClusterId = clusterId;
    }

    public string ClusterId { get; }

    /// <summary>The table of another cluster in the same store.</summary>
    public InMemoryMembershipTable ForCluster(string clusterId) => new(_store, clusterId);

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_store.Lock)
        {
            _ = Cluster();
        }

        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Lock)
        {
            var cluster = Cluster();
            return Task.FromResult(new MembershipTableData(
                [.. cluster.Rows.Values.OrderBy(row => row.Entry.SiloAddress).Select(row => (row.Entry, Format(row.ETag)))],
                cluster.TableVersion));
        }
    }

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Lock)
        {
            var cluster = Cluster();
            return Task.FromResult(new MembershipTableData(
                cluster.Rows.TryGetValue(silo, out var row) ? [(row.Entry, Format(row.ETag))] : [],
                cluster.TableVersion));
        }
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(newVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Lock)
        {
            var cluster = Cluster();
            if (!cluster.Accepts(newVersion) || cluster.Rows.ContainsKey(entry.SiloAddress))
            {
                return Task.FromResult(false);
            }

            cluster.Rows[entry.SiloAddress] = new Row(entry, 1);
            cluster.Advance(newVersion);
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string rowEtag, TableVersion newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(rowEtag);
        ArgumentNullException.ThrowIfNull(newVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Lock)
        {
            var cluster = Cluster();
            if (!cluster.Accepts(newVersion)
                || !cluster.Rows.TryGetValue(entry.SiloAddress, out var row)
                || !string.Equals(Format(row.ETag), rowEtag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            var aliveAt = entry.IAmAliveTime > row.Entry.IAmAliveTime ? entry.IAmAliveTime : row.Entry.IAmAliveTime;
            cluster.Rows[entry.SiloAddress] = new Row(entry with { IAmAliveTime = aliveAt }, row.ETag + 1);
            cluster.Advance(newVersion);
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Lock)
        {
            var cluster = Cluster();
            if (cluster.Rows.TryGetValue(entry.SiloAddress, out var row))
            {
                cluster.Rows[entry.SiloAddress] = row with { Entry = row.Entry with { IAmAliveTime = entry.IAmAliveTime } };
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Lock)
        {
            var cluster = Cluster();
            foreach (var silo in cluster.Rows.Values
                .Where(row => row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveTime < beforeDate)
                .Select(row => row.Entry.SiloAddress)
                .ToList())
            {
                cluster.Rows.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        lock (_store.Lock)
        {
            _store.Clusters.Remove(clusterId);
        }

        return Task.CompletedTask;
    }

    private ClusterRows Cluster()
    {
        if (!_store.Clusters.TryGetValue(ClusterId, out var cluster))
        {
            cluster = new ClusterRows();
            _store.Clusters[ClusterId] = cluster;
        }

        return cluster;
    }

    private static string Format(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    private sealed class Store
    {
        public Lock Lock { get; } = new();

        public Dictionary<string, ClusterRows> Clusters { get; } = new(StringComparer.Ordinal);
    }

    private sealed class ClusterRows
    {
        public Dictionary<SiloAddress, Row> Rows { get; } = [];

        public TableVersion TableVersion { get; private set; } = TableVersion.Initial;

        public bool Accepts(TableVersion newVersion) =>
            string.Equals(newVersion.VersionEtag, TableVersion.VersionEtag, StringComparison.Ordinal)
            && newVersion.Version > TableVersion.Version;

        // The etag is the stored version number, as in the SQL tables.
        public void Advance(TableVersion newVersion) =>
            TableVersion = new TableVersion(newVersion.Version, newVersion.Version.ToString(CultureInfo.InvariantCulture));
    }

    private readonly record struct Row(MembershipEntry Entry, long ETag);
}
