using Granary.Reminders;

namespace Granary.Persistence.Tests.Reminders;

/// <summary>
/// What every reminder table must do, whatever its store. A subclass per provider creates initialized tables; each
/// test uses cluster ids and grain keys of its own, so tests never see each other's rows.
/// </summary>
public abstract class ReminderTableContractTests : IAsyncLifetime
{
    protected static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, 123, DateTimeKind.Utc);

    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>An initialized table of <paramref name="clusterId"/>; tables of the same test share one store.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync(string clusterId);

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

    protected static GrainId NewGrain(string type = "reminder-grain") => GrainId.Create(new GrainType(type), "k-" + Guid.NewGuid().ToString("N")[..8]);

    protected static ReminderEntry Entry(GrainId grainId, string name, DateTime? startAt = null, TimeSpan? period = null) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = startAt ?? T0,
        Period = period ?? TimeSpan.FromMinutes(5),
    };

    [Fact]
    public async Task An_upserted_reminder_is_read_back_with_every_field_and_its_etag()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = GrainId.Create(new GrainType("order-saga"), "o/42 ü");
        var entry = Entry(grain, "deadline", T0.AddDays(3), TimeSpan.FromHours(36) + TimeSpan.FromMilliseconds(7));

        var eTag = await table.UpsertRowAsync(entry, CancellationToken.None);

        var read = await table.ReadRowAsync(grain, "deadline", CancellationToken.None);
        Assert.Equal(entry with { ETag = eTag }, read);
        Assert.Equal(DateTimeKind.Utc, read!.StartAt.Kind);
        Assert.Null(await table.ReadRowAsync(grain, "other", CancellationToken.None));
    }

    [Fact]
    public async Task An_upsert_replaces_the_row_and_gives_it_a_new_etag()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();
        var first = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);

        var second = await table.UpsertRowAsync(Entry(grain, "r", T0.AddMinutes(1), TimeSpan.FromMinutes(2)), CancellationToken.None);

        Assert.NotEqual(first, second);
        var row = Assert.Single(await table.ReadRowsAsync(grain, CancellationToken.None));
        Assert.Equal(Entry(grain, "r", T0.AddMinutes(1), TimeSpan.FromMinutes(2)) with { ETag = second }, row);
    }

    [Fact]
    public async Task A_remove_with_a_stale_etag_changes_nothing()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();
        var stale = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);
        var current = await table.UpsertRowAsync(Entry(grain, "r", T0.AddHours(1)), CancellationToken.None);

        Assert.False(await table.RemoveRowAsync(grain, "r", stale, CancellationToken.None));
        Assert.False(await table.RemoveRowAsync(grain, "r", "not-an-etag", CancellationToken.None));

        Assert.Equal(current, (await table.ReadRowAsync(grain, "r", CancellationToken.None))?.ETag);
    }

    [Fact]
    public async Task A_remove_with_the_current_etag_deletes_the_row_once()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();
        var eTag = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);
        await table.UpsertRowAsync(Entry(grain, "kept"), CancellationToken.None);

        Assert.True(await table.RemoveRowAsync(grain, "r", eTag, CancellationToken.None));
        Assert.False(await table.RemoveRowAsync(grain, "r", eTag, CancellationToken.None));

        Assert.Null(await table.ReadRowAsync(grain, "r", CancellationToken.None));
        Assert.Equal("kept", Assert.Single(await table.ReadRowsAsync(grain, CancellationToken.None)).ReminderName);
    }

    [Fact]
    public async Task The_etag_of_a_removed_registration_never_removes_a_later_one()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();
        var removed = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);
        Assert.True(await table.RemoveRowAsync(grain, "r", removed, CancellationToken.None));

        var later = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);

        Assert.NotEqual(removed, later);
        Assert.False(await table.RemoveRowAsync(grain, "r", removed, CancellationToken.None));
        Assert.NotNull(await table.ReadRowAsync(grain, "r", CancellationToken.None));
    }

    [Fact]
    public async Task A_grains_reminders_are_read_by_grain_ordered_by_name()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();
        var neighbour = GrainId.Create(grain.Type, grain.Key + "x");
        foreach (var name in (string[])["b", "a", "B", "c"])
        {
            await table.UpsertRowAsync(Entry(grain, name), CancellationToken.None);
        }

        await table.UpsertRowAsync(Entry(neighbour, "a"), CancellationToken.None);
        await table.UpsertRowAsync(Entry(GrainId.Create(new GrainType("other-type"), grain.Key), "a"), CancellationToken.None);

        Assert.Equal(["B", "a", "b", "c"], (await table.ReadRowsAsync(grain, CancellationToken.None)).Select(r => r.ReminderName));
        Assert.Empty(await table.ReadRowsAsync(NewGrain(), CancellationToken.None));
    }

    [Fact]
    public async Task Reading_all_rows_returns_every_reminder_of_the_cluster_and_no_other()
    {
        var clusterId = NewClusterId();
        var table = await CreateTableAsync(clusterId);
        var otherCluster = await CreateTableAsync(NewClusterId());
        var grains = Enumerable.Range(0, 20).Select(i => NewGrain()).ToList();
        var eTags = new Dictionary<GrainId, string>();
        foreach (var grain in grains)
        {
            eTags[grain] = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);
        }

        await otherCluster.UpsertRowAsync(Entry(grains[0], "r"), CancellationToken.None);
        await otherCluster.UpsertRowAsync(Entry(NewGrain(), "elsewhere"), CancellationToken.None);

        var all = await table.ReadAllRowsAsync(CancellationToken.None);

        Assert.Equal(grains.Order(), all.Select(r => r.GrainId).Order());
        Assert.All(all, row => Assert.Equal(eTags[row.GrainId], row.ETag));
        Assert.Equal(2, (await otherCluster.ReadAllRowsAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_reminder_leave_one_row_holding_one_of_their_etags()
    {
        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();

        var eTags = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => table.UpsertRowAsync(Entry(grain, "r", T0.AddMinutes(i)), CancellationToken.None)));

        Assert.Equal(8, eTags.Distinct().Count());
        var row = Assert.Single(await table.ReadRowsAsync(grain, CancellationToken.None));
        Assert.Contains(row.ETag, eTags);
    }
}
