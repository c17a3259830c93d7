using Granary.Membership;

namespace Granary.Persistence.Tests.Membership;

/// <summary>
/// What every membership table must do, whatever its store. A subclass per provider creates initialized tables;
/// each test uses cluster ids of its own, so tests never see each other's rows.
/// </summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _owned = [];
    private int _nextPort = 11000;

    /// <summary>An initialized table of <paramref name="clusterId"/>; tables of the same test share one store.</summary>
    protected abstract Task<IMembershipTable> CreateTableAsync(string clusterId);

    protected void Own(IAsyncDisposable resource) => _owned.Add(resource);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var resource in _owned)
        {
            await resource.DisposeAsync();
        }
    }

    protected static string NewClusterId() => "c" + Guid.NewGuid().ToString("N")[..12];

    protected MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining, DateTimeOffset? aliveAt = null) => new()
    {
        SiloAddress = new SiloAddress("10.0.0.1", Interlocked.Increment(ref _nextPort), T0.UtcTicks),
        SiloName = "silo-" + _nextPort,
        HostName = "host-a",
        Status = status,
        GatewayPort = 30000,
        StartTime = T0,
        IAmAliveTime = aliveAt ?? T0,
    };

    private static async Task<(MembershipEntry Entry, string ETag, TableVersion Version)> ReadRowAsync(IMembershipTable table, SiloAddress silo)
    {
        var data = await table.ReadRowAsync(silo, CancellationToken.None);
        Assert.True(data.TryGet(silo, out var entry, out var etag), $"row of {silo} exists");
        return (entry, etag, data.Version);
    }

    private static async Task<MembershipEntry> InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync(CancellationToken.None);
        Assert.True(await table.InsertRowAsync(entry, data.Version.Next(), CancellationToken.None));
        return entry;
    }

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero()
    {
        var table = await CreateTableAsync(NewClusterId());

        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.Empty(data.Entries);
        Assert.Equal(0, data.Version.Version);
    }

    [Fact]
    public async Task An_inserted_row_is_read_back_with_every_field_and_the_version_moves()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = NewEntry() with
        {
            SuspectTimes = [new SuspicionVote(new SiloAddress("10.0.0.9", 1, 42), T0.AddSeconds(3))],
            GatewayPort = null,
        };

        var before = await table.ReadAllAsync(CancellationToken.None);
        Assert.True(await table.InsertRowAsync(entry, before.Version.Next(), CancellationToken.None));

        var all = await table.ReadAllAsync(CancellationToken.None);
        var (read, etag) = Assert.Single(all.Entries);
        Assert.True(entry.HasSameContent(read), $"read back {read}");
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(before.Version.Version + 1, all.Version.Version);

        var row = await ReadRowAsync(table, entry.SiloAddress);
        Assert.True(entry.HasSameContent(row.Entry));
        Assert.Equal(etag, row.ETag);
        Assert.Equal(all.Version, row.Version);
        Assert.Empty((await table.ReadRowAsync(NewEntry().SiloAddress, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task Inserting_the_same_silo_twice_fails_and_changes_nothing()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry());
        var before = await table.ReadAllAsync(CancellationToken.None);

        Assert.False(await table.InsertRowAsync(entry with { SiloName = "other" }, before.Version.Next(), CancellationToken.None));

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(entry.SiloName, Assert.Single(after.Entries).Entry.SiloName);
    }

    [Fact]
    public async Task Inserting_with_a_stale_table_version_fails()
    {
        var table = await CreateTableAsync(NewClusterId());
        var stale = await table.ReadAllAsync(CancellationToken.None);
        await InsertAsync(table, NewEntry());

        Assert.False(await table.InsertRowAsync(NewEntry(), stale.Version.Next(), CancellationToken.None));
        Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task An_update_with_the_current_etag_and_version_succeeds_and_bumps_both()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry());
        var (_, etag, version) = await ReadRowAsync(table, entry.SiloAddress);

        Assert.True(await table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, etag, version.Next(), CancellationToken.None));

        var after = await ReadRowAsync(table, entry.SiloAddress);
        Assert.Equal(SiloStatus.Active, after.Entry.Status);
        Assert.NotEqual(etag, after.ETag);
        Assert.Equal(version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_fails()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry());
        var (_, staleEtag, version) = await ReadRowAsync(table, entry.SiloAddress);
        Assert.True(await table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, staleEtag, version.Next(), CancellationToken.None));
        var current = await table.ReadAllAsync(CancellationToken.None);

        Assert.False(await table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, staleEtag, current.Version.Next(), CancellationToken.None));

        var after = await ReadRowAsync(table, entry.SiloAddress);
        Assert.Equal(SiloStatus.Active, after.Entry.Status);
        Assert.Equal(current.Version, after.Version);
    }

    [Fact]
    public async Task An_update_with_a_stale_table_version_fails_even_with_the_current_row_etag()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry());
        var (_, etag, staleVersion) = await ReadRowAsync(table, entry.SiloAddress);
        await InsertAsync(table, NewEntry()); // another silo joins: the table version moves, this row's etag does not

        Assert.False(await table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, etag, staleVersion.Next(), CancellationToken.None));

        var after = await ReadRowAsync(table, entry.SiloAddress);
        Assert.Equal(SiloStatus.Joining, after.Entry.Status);
        Assert.Equal(etag, after.ETag);
    }

    [Fact]
    public async Task Of_twenty_concurrent_updaters_with_the_same_etag_exactly_one_wins()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry(SiloStatus.Active));
        var (_, etag, version) = await ReadRowAsync(table, entry.SiloAddress);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var vote = new SuspicionVote(new SiloAddress("10.0.1.1", 2000 + i, 1), T0.AddSeconds(i));
            return (Index: i, Won: await table.UpdateRowAsync(entry with { SuspectTimes = [vote] }, etag, version.Next(), CancellationToken.None));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Won);
        var after = await ReadRowAsync(table, entry.SiloAddress);
        Assert.Equal(2000 + winner.Index, Assert.Single(after.Entry.SuspectTimes).Suspecter.Port);
        Assert.Equal(version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task An_IAmAlive_write_changes_the_time_but_neither_the_etag_nor_the_table_version()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry(SiloStatus.Active));
        var before = await ReadRowAsync(table, entry.SiloAddress);

        await table.UpdateIAmAliveAsync(entry with { IAmAliveTime = T0.AddMinutes(5), Status = SiloStatus.Dead }, CancellationToken.None);

        var after = await ReadRowAsync(table, entry.SiloAddress);
        Assert.Equal(T0.AddMinutes(5), after.Entry.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, after.Entry.Status);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Version, after.Version);
        Assert.True(await table.UpdateRowAsync(after.Entry with { Status = SiloStatus.ShuttingDown }, before.ETag, before.Version.Next(), CancellationToken.None));
    }

    [Fact]
    public async Task A_row_update_never_moves_IAmAlive_backwards()
    {
        var table = await CreateTableAsync(NewClusterId());
        var entry = await InsertAsync(table, NewEntry(SiloStatus.Active));
        var (read, etag, version) = await ReadRowAsync(table, entry.SiloAddress);
        await table.UpdateIAmAliveAsync(entry with { IAmAliveTime = T0.AddMinutes(1) }, CancellationToken.None);

        // A voter writes the row it read before the IAmAlive write.
        Assert.True(await table.UpdateRowAsync(read with { SuspectTimes = [new SuspicionVote(NewEntry().SiloAddress, T0)] }, etag, version.Next(), CancellationToken.None));

        Assert.Equal(T0.AddMinutes(1), (await ReadRowAsync(table, entry.SiloAddress)).Entry.IAmAliveTime);
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_older_than_the_date()
    {
        var table = await CreateTableAsync(NewClusterId());
        var oldDead = await InsertAsync(table, NewEntry(SiloStatus.Dead, T0.AddHours(-2)));
        var recentDead = await InsertAsync(table, NewEntry(SiloStatus.Dead, T0.AddMinutes(-5)));
        var oldActive = await InsertAsync(table, NewEntry(SiloStatus.Active, T0.AddHours(-2)));
        var oldJoining = await InsertAsync(table, NewEntry(SiloStatus.Joining, T0.AddHours(-2)));

        await table.CleanupDefunctSiloEntriesAsync(T0.AddHours(-1), CancellationToken.None);

        var left = (await table.ReadAllAsync(CancellationToken.None)).Entries.Select(row => row.Entry.SiloAddress).ToHashSet();
        Assert.DoesNotContain(oldDead.SiloAddress, left);
        Assert.Equal(new HashSet<SiloAddress> { recentDead.SiloAddress, oldActive.SiloAddress, oldJoining.SiloAddress }, left);
    }

    [Fact]
    public async Task Two_clusters_in_one_store_do_not_see_each_other()
    {
        var blueId = NewClusterId();
        var greenId = NewClusterId();
        var blue = await CreateTableAsync(blueId);
        var green = await CreateTableAsync(greenId);
        var shared = NewEntry(SiloStatus.Active);

        await InsertAsync(blue, shared);
        await InsertAsync(blue, NewEntry());
        await InsertAsync(green, shared with { SiloName = "green" }); // the same address may be in both
        await blue.CleanupDefunctSiloEntriesAsync(DateTimeOffset.MaxValue, CancellationToken.None);

        var blueData = await blue.ReadAllAsync(CancellationToken.None);
        var greenData = await green.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, blueData.Entries.Count);
        Assert.Equal(2, blueData.Version.Version);
        Assert.Equal("green", Assert.Single(greenData.Entries).Entry.SiloName);
        Assert.Equal(1, greenData.Version.Version);

        await green.DeleteMembershipTableEntriesAsync(greenId, CancellationToken.None);

        Assert.Empty((await green.ReadAllAsync(CancellationToken.None)).Entries);
        Assert.Equal(2, (await blue.ReadAllAsync(CancellationToken.None)).Entries.Count);
        await InsertAsync(green, NewEntry()); // a deleted cluster starts over from version zero
        Assert.Equal(1, (await green.ReadAllAsync(CancellationToken.None)).Version.Version);
    }
}
