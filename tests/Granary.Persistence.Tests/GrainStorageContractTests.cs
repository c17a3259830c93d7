using Granary.Hosting;
using Granary.Storage;

namespace Granary.Persistence.Tests;

/// <summary>
/// What every grain storage provider must do, whatever its database. A subclass per provider supplies the
/// registration; each test starts its own host(s) against the same database, with grain ids of its own.
/// </summary>
public abstract class GrainStorageContractTests
{
    protected const string StorageName = "Default";
    protected const string StateName = "cart";

    /// <summary>Registers the provider under <paramref name="name"/>, pointing at this test's database.</summary>
    protected abstract void AddStorage(ISiloBuilder builder, string name);

    private protected Task<StorageHost> StartHostAsync() => StorageHost.StartAsync(builder => AddStorage(builder, StorageName), StorageName);

    protected static GrainId NewGrainId(string? key = null) =>
        GrainId.Create(new GrainType("cart"), key ?? Guid.NewGuid().ToString("N"));

    private static CartState Cart(string owner, params string[] items) => new() { Owner = owner, Items = [.. items] };

    private static async Task<TestGrainState<CartState>> ReadAsync(IGrainStorage storage, GrainId grainId, string stateName = StateName)
    {
        var state = new TestGrainState<CartState>();
        await storage.ReadStateAsync(stateName, grainId, state, CancellationToken.None);
        return state;
    }

    private static async Task<TestGrainState<CartState>> WriteNewAsync(IGrainStorage storage, GrainId grainId, CartState cart)
    {
        var state = new TestGrainState<CartState> { State = cart };
        await storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
        return state;
    }

    [Fact]
    public async Task Reading_nothing_gives_a_new_state_without_etag()
    {
        await using var host = await StartHostAsync();

        var state = await ReadAsync(host.Storage, NewGrainId());

        Assert.NotNull(state.State);
        Assert.Equal(string.Empty, state.State.Owner);
        Assert.Empty(state.State.Items);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_written_state_is_read_back_by_a_new_provider_instance()
    {
        var grainId = NewGrainId();
        string? etag;
        await using (var first = await StartHostAsync())
        {
            var written = await WriteNewAsync(first.Storage, grainId, Cart("ada", "apple", "pear"));
            etag = written.ETag;
            Assert.True(written.RecordExists);
            Assert.NotNull(etag);
        }

        await using var second = await StartHostAsync();
        var read = await ReadAsync(second.Storage, grainId);

        Assert.True(read.RecordExists);
        Assert.Equal(etag, read.ETag);
        Assert.Equal("ada", read.State.Owner);
        Assert.Equal(["apple", "pear"], read.State.Items);
    }

    [Fact]
    public async Task Every_write_increments_the_etag()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();

        var state = await ReadAsync(host.Storage, grainId);
        var etags = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            state.State.Revision = i;
            await host.Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
            etags.Add(state.ETag);
        }

        Assert.Equal(["1", "2", "3"], etags);
        Assert.Equal("3", (await ReadAsync(host.Storage, grainId)).ETag);
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_conflicts_and_changes_nothing()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(host.Storage, grainId, Cart("ada"));
        var current = await ReadAsync(host.Storage, grainId);
        current.State.Owner = "grace";
        await host.Storage.WriteStateAsync(StateName, grainId, current, CancellationToken.None);

        stale.State.Owner = "mallory";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.WriteStateAsync(StateName, grainId, stale, CancellationToken.None));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        var stored = await ReadAsync(host.Storage, grainId);
        Assert.Equal("grace", stored.State.Owner);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task Inserting_over_an_existing_record_conflicts()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        await WriteNewAsync(host.Storage, grainId, Cart("ada"));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => WriteNewAsync(host.Storage, grainId, Cart("mallory")));

        Assert.Equal("1", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.Equal("ada", (await ReadAsync(host.Storage, grainId)).State.Owner);
    }

    [Fact]
    public async Task An_etag_the_provider_never_issued_conflicts()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        await WriteNewAsync(host.Storage, grainId, Cart("ada"));

        var foreign = new TestGrainState<CartState> { State = Cart("mallory"), ETag = "W/\"abc\"" };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.WriteStateAsync(StateName, grainId, foreign, CancellationToken.None));

        Assert.Equal("1", conflict.StoredEtag);
    }

    [Fact]
    public async Task Updating_a_record_that_does_not_exist_conflicts_with_no_stored_etag()
    {
        await using var host = await StartHostAsync();

        var ghost = new TestGrainState<CartState> { State = Cart("ada"), ETag = "7" };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.WriteStateAsync(StateName, NewGrainId(), ghost, CancellationToken.None));

        Assert.Null(conflict.StoredEtag);
        Assert.Equal("7", conflict.CurrentEtag);
    }

    [Fact]
    public async Task Of_two_writers_from_the_same_read_exactly_one_wins()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        await WriteNewAsync(host.Storage, grainId, Cart("origin"));
        var left = await ReadAsync(host.Storage, grainId);
        var right = await ReadAsync(host.Storage, grainId);
        left.State.Owner = "left";
        right.State.Owner = "right";

        var results = await Task.WhenAll(
            Capture(() => host.Storage.WriteStateAsync(StateName, grainId, left, CancellationToken.None)),
            Capture(() => host.Storage.WriteStateAsync(StateName, grainId, right, CancellationToken.None)));

        Assert.Single(results, error => error is null);
        Assert.IsType<InconsistentStateException>(Assert.Single(results, error => error is not null));
        var winner = results[0] is null ? "left" : "right";
        var stored = await ReadAsync(host.Storage, grainId);
        Assert.Equal(winner, stored.State.Owner);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task Of_two_first_writers_exactly_one_wins()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();

        var results = await Task.WhenAll(
            Capture(() => WriteNewAsync(host.Storage, grainId, Cart("left"))),
            Capture(() => WriteNewAsync(host.Storage, grainId, Cart("right"))));

        Assert.Single(results, error => error is null);
        Assert.IsType<InconsistentStateException>(Assert.Single(results, error => error is not null));
        Assert.Equal("1", (await ReadAsync(host.Storage, grainId)).ETag);
    }

    [Fact]
    public async Task Clearing_a_never_written_state_is_not_a_conflict()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var state = await ReadAsync(host.Storage, grainId);
        state.State.Owner = "unsaved";

        await host.Storage.ClearStateAsync(StateName, grainId, state, CancellationToken.None);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(string.Empty, state.State.Owner);
        Assert.Null((await ReadAsync(host.Storage, grainId)).ETag);
    }

    [Fact]
    public async Task Clearing_without_etag_when_a_record_exists_conflicts()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        await WriteNewAsync(host.Storage, grainId, Cart("ada"));

        var blind = new TestGrainState<CartState> { State = new CartState() };
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.ClearStateAsync(StateName, grainId, blind, CancellationToken.None));

        Assert.Equal("1", conflict.StoredEtag);
        Assert.True((await ReadAsync(host.Storage, grainId)).RecordExists);
    }

    [Fact]
    public async Task Clearing_leaves_a_tombstone_that_reads_as_a_new_state_with_an_etag()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var state = await WriteNewAsync(host.Storage, grainId, Cart("ada", "apple"));

        await host.Storage.ClearStateAsync(StateName, grainId, state, CancellationToken.None);

        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(string.Empty, state.State.Owner);
        var read = await ReadAsync(host.Storage, grainId);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Empty(read.State.Items);
    }

    [Fact]
    public async Task Clearing_then_writing_works_and_keeps_versions_monotonic()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var state = await WriteNewAsync(host.Storage, grainId, Cart("ada"));
        await host.Storage.ClearStateAsync(StateName, grainId, state, CancellationToken.None);

        state.State.Owner = "grace";
        await host.Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);

        Assert.Equal("3", state.ETag);
        Assert.True(state.RecordExists);
        var read = await ReadAsync(host.Storage, grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("grace", read.State.Owner);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task A_writer_from_before_a_clear_cannot_resurrect_its_data()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(host.Storage, grainId, Cart("ada"));
        var clearer = await ReadAsync(host.Storage, grainId);
        await host.Storage.ClearStateAsync(StateName, grainId, clearer, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.WriteStateAsync(StateName, grainId, stale, CancellationToken.None));
        Assert.False((await ReadAsync(host.Storage, grainId)).RecordExists);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_conflicts_and_changes_nothing()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(host.Storage, grainId, Cart("ada"));
        var current = await ReadAsync(host.Storage, grainId);
        current.State.Owner = "grace";
        await host.Storage.WriteStateAsync(StateName, grainId, current, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.ClearStateAsync(StateName, grainId, stale, CancellationToken.None));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal("1", stale.ETag);
        var read = await ReadAsync(host.Storage, grainId);
        Assert.Equal("grace", read.State.Owner);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task States_are_kept_apart_by_grain_type_key_and_state_name()
    {
        await using var host = await StartHostAsync();
        var key = Guid.NewGuid().ToString("N");
        var cart = GrainId.Create(new GrainType("cart"), key);
        var wishlist = GrainId.Create(new GrainType("wishlist"), key);
        await WriteNewAsync(host.Storage, cart, Cart("cart"));
        await WriteNewAsync(host.Storage, wishlist, Cart("wishlist"));
        var other = new TestGrainState<CartState> { State = Cart("other state") };
        await host.Storage.WriteStateAsync("archive", cart, other, CancellationToken.None);

        Assert.Equal("cart", (await ReadAsync(host.Storage, cart)).State.Owner);
        Assert.Equal("wishlist", (await ReadAsync(host.Storage, wishlist)).State.Owner);
        Assert.Equal("other state", (await ReadAsync(host.Storage, cart, "archive")).State.Owner);
        Assert.False((await ReadAsync(host.Storage, GrainId.Create(new GrainType("cart"), key + "x"))).RecordExists);
    }

    [Fact]
    public async Task Fifty_concurrent_writers_on_different_grains_all_succeed()
    {
        await using var host = await StartHostAsync();
        var grainIds = Enumerable.Range(0, 50).Select(i => NewGrainId($"concurrent-{i}-{Guid.NewGuid():N}")).ToArray();

        await Task.WhenAll(grainIds.Select(async (grainId, i) =>
        {
            var state = await ReadAsync(host.Storage, grainId);
            for (var revision = 1; revision <= 3; revision++)
            {
                state.State.Owner = $"owner {i}";
                state.State.Revision = revision;
                await host.Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
            }
        }));

        for (var i = 0; i < grainIds.Length; i++)
        {
            var read = await ReadAsync(host.Storage, grainIds[i]);
            Assert.Equal($"owner {i}", read.State.Owner);
            Assert.Equal(3, read.State.Revision);
            Assert.Equal("3", read.ETag);
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("名前/ключ/🙂 émoji")]
    [InlineData("quote ' double \" back \\ semi ; -- comment")]
    [InlineData("'); DROP TABLE granary_grain_state; --")]
    [InlineData("  spaces  and\ttabs\nnewline ")]
    [InlineData("")]
    public async Task Unusual_keys_and_state_names_round_trip(string key)
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId(key + Guid.NewGuid().ToString("N"));
        var stateName = "state:" + key;
        var written = new TestGrainState<CartState> { State = Cart(key, key, "ünïcödé ✓") };

        await host.Storage.WriteStateAsync(stateName, grainId, written, CancellationToken.None);
        var read = await ReadAsync(host.Storage, grainId, stateName);

        Assert.True(read.RecordExists);
        Assert.Equal(key, read.State.Owner);
        Assert.Equal([key, "ünïcödé ✓"], read.State.Items);
        Assert.False((await ReadAsync(host.Storage, grainId, StateName)).RecordExists);
    }

    [Fact]
    public async Task A_one_megabyte_state_round_trips()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var big = string.Create(1024 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        await WriteNewAsync(host.Storage, grainId, Cart("big", big));
        var read = await ReadAsync(host.Storage, grainId);

        Assert.Equal(big, Assert.Single(read.State.Items));
    }

    [Fact]
    public async Task Schema_creation_is_idempotent()
    {
        await using var first = await StartHostAsync();
        var grainId = NewGrainId();
        await WriteNewAsync(first.Storage, grainId, Cart("ada"));

        await first.RunStartupTasksAsync();
        var concurrent = await Task.WhenAll(StartHostAsync(), StartHostAsync());
        foreach (var host in concurrent)
        {
            await host.RunStartupTasksAsync();
            Assert.Equal("ada", (await ReadAsync(host.Storage, grainId)).State.Owner);
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cancelled_token_is_honoured()
    {
        await using var host = await StartHostAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var state = new TestGrainState<CartState> { State = Cart("ada") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Storage.ReadStateAsync(StateName, NewGrainId(), state, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Storage.WriteStateAsync(StateName, NewGrainId(), state, cancelled.Token));
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
