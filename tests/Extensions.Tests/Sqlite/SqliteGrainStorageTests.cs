using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Granary.Extensions.Tests.Sqlite;

/// <summary>The project's SQLite grain storage against a real file: round trips, ETag conflicts, clears, group commits.</summary>
public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-sqlite-storage-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly SqliteWriteQueues _writers = new(TimeProvider.System, NullLogger<SqliteWriteQueue>.Instance);
    private string _connectionString = string.Empty;
    private SqliteGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _connectionString = $"Data Source={Path.Combine(_folder, "state.db")}";
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Sqlite, _connectionString);
        _storage = await StartStorageAsync("service-a");
    }

    public async Task DisposeAsync()
    {
        await _storage.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_its_etag()
    {
        var grain = GrainId.Create("cart", "alice");
        var written = new GrainState<Cart>(new Cart { Items = ["apple", "pear"], Total = 250 });
        await _storage.WriteStateAsync("cart", grain, written);

        var read = new GrainState<Cart>();
        await _storage.ReadStateAsync("cart", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(["apple", "pear"], read.State!.Items);
        Assert.Equal(250, read.State!.Total);
    }

    [Fact]
    public async Task A_missing_state_reads_as_a_fresh_instance_without_etag()
    {
        var read = new GrainState<Cart>();
        await _storage.ReadStateAsync("cart", GrainId.Create("cart", "nobody"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Empty(read.State!.Items);
    }

    [Fact]
    public async Task A_stale_etag_raises_InconsistentStateException_and_keeps_the_stored_state()
    {
        var grain = GrainId.Create("cart", "bob");
        var first = new GrainState<Cart>(new Cart { Total = 1 });
        await _storage.WriteStateAsync("cart", grain, first);
        var second = new GrainState<Cart>();
        await _storage.ReadStateAsync("cart", grain, second);

        second.State!.Total = 2;
        await _storage.WriteStateAsync("cart", grain, second);
        first.State!.Total = 99;

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("cart", grain, first));
        Assert.Equal(second.ETag, conflict.StoredEtag);
        var stored = new GrainState<Cart>();
        await _storage.ReadStateAsync("cart", grain, stored);
        Assert.Equal(2, stored.State!.Total);

        // A first write (no ETag) where a row exists is a conflict too: two activations racing.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("cart", grain, new GrainState<Cart>(new Cart())));
    }

    [Fact]
    public async Task Clear_removes_the_state_and_a_stale_clear_is_refused()
    {
        var grain = GrainId.Create("cart", "carol");
        var state = new GrainState<Cart>(new Cart { Total = 5 });
        await _storage.WriteStateAsync("cart", grain, state);
        var stale = new GrainState<Cart> { ETag = state.ETag };
        await _storage.WriteStateAsync("cart", grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("cart", grain, stale));
        await _storage.ClearStateAsync("cart", grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var read = new GrainState<Cart>();
        await _storage.ReadStateAsync("cart", grain, read);
        Assert.False(read.RecordExists);
        await _storage.WriteStateAsync("cart", grain, state);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Concurrent_writers_of_many_grains_are_all_committed()
    {
        var grains = Enumerable.Range(0, 300).Select(i => (Id: GrainId.Create("cart", $"many-{i}"), State: new GrainState<Cart>(new Cart()))).ToArray();
        for (var round = 1; round <= 5; round++)
        {
            await Task.WhenAll(grains.Select(grain =>
            {
                grain.State.State!.Total = round;
                return _storage.WriteStateAsync("cart", grain.Id, grain.State);
            }));
        }

        foreach (var (id, _) in grains)
        {
            var read = new GrainState<Cart>();
            await _storage.ReadStateAsync("cart", id, read);
            Assert.Equal(5, read.State!.Total);
            Assert.Equal("5", read.ETag);
        }
    }

    [Fact]
    public async Task Services_sharing_a_file_do_not_see_each_others_state()
    {
        var other = await StartStorageAsync("service-b");
        try
        {
            var grain = GrainId.Create("cart", "shared-key");
            await _storage.WriteStateAsync("cart", grain, new GrainState<Cart>(new Cart { Total = 7 }));
            var read = new GrainState<Cart>();
            await other.ReadStateAsync("cart", grain, read);
            Assert.False(read.RecordExists);
        }
        finally
        {
            await other.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_write_after_stop_fails_instead_of_being_lost_silently()
    {
        var stopped = await StartStorageAsync("service-c");
        await stopped.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => stopped.WriteStateAsync("cart", GrainId.Create("cart", "late"), new GrainState<Cart>(new Cart())));
    }

    [Fact]
    public async Task Storages_of_one_file_share_its_writer_and_one_stopping_leaves_the_other_writing()
    {
        var other = await StartStorageAsync("service-e");
        var grain = GrainId.Create("cart", "shared-writer");
        await Task.WhenAll(
            _storage.WriteStateAsync("cart", grain, new GrainState<Cart>(new Cart { Total = 1 })),
            other.WriteStateAsync("cart", grain, new GrainState<Cart>(new Cart { Total = 2 })));
        await other.StopAsync(CancellationToken.None);

        var state = new GrainState<Cart>();
        await _storage.ReadStateAsync("cart", grain, state);
        state.State!.Total = 3;
        await _storage.WriteStateAsync("cart", grain, state);
        Assert.Equal("2", state.ETag);
    }

    [Fact]
    public async Task A_write_before_start_fails_instead_of_waiting_forever()
    {
        var unstarted = CreateStorage("service-d");

        await Assert.ThrowsAsync<InvalidOperationException>(() => unstarted.WriteStateAsync("cart", GrainId.Create("cart", "early"), new GrainState<Cart>(new Cart())));
    }

    private async Task<SqliteGrainStorage> StartStorageAsync(string serviceId)
    {
        var storage = CreateStorage(serviceId);
        await storage.StartAsync(CancellationToken.None);
        return storage;
    }

    private SqliteGrainStorage CreateStorage(string serviceId)
    {
        var options = new SqliteGrainStorageOptions
        {
            ConnectionString = _connectionString,
            GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
        };
        var storage = new SqliteGrainStorage(
            "test", options, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }),
            _services.GetRequiredService<IActivatorProvider>(), _writers, NullLogger<SqliteGrainStorage>.Instance);
        return storage;
    }
}
