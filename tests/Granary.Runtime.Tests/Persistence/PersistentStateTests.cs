using Granary.Hosting;
using Granary.Runtime.Tests.Grains;
using Granary.Storage;
using Granary.Testing;

namespace Granary.Runtime.Tests.Persistence;

/// <summary>
/// The IPersistentState contract through real grains, against each storage provider. Subclasses pick
/// the provider; restart tests run only where storage outlives the silo.
/// </summary>
public abstract class PersistentStateTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    protected abstract bool SurvivesRestart { get; }

    public async Task InitializeAsync()
    {
        await PrepareStorageAsync();
        _cluster = await TestClusters.StartAsync(builder => builder.ConfigureSilo(ConfigureStorage), memoryStorage: false);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await CleanUpStorageAsync();
    }

    [Fact]
    public async Task State_is_read_before_the_first_call_and_survives_deactivation()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICounterGrain>("deactivated");
        var fresh = await grain.Get();
        Assert.Equal(0, fresh.Value);
        Assert.Null(fresh.Etag);
        Assert.False(fresh.RecordExists);

        await grain.Increment();
        await grain.Increment();
        var beforeDeactivation = await grain.Get();
        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "deactivated");

        var reloaded = await grain.Get();
        Assert.Equal(2, reloaded.Value);
        Assert.Equal(["+1", "+2"], reloaded.History);
        Assert.True(reloaded.RecordExists);
        Assert.Equal(beforeDeactivation.Etag, reloaded.Etag);
    }

    [Fact]
    public async Task State_survives_a_silo_restart()
    {
        if (!SurvivesRestart)
        {
            Assert.False(SurvivesRestart, "memory storage lives and dies with its silo; covered by the database providers");
            return;
        }

        var grain = _cluster.GrainFactory.GetGrain<ICounterGrain>("restarted");
        await grain.Increment();
        await grain.Increment();
        await grain.Increment();

        await _cluster.RestartSiloAsync(_cluster.Primary);

        var reloaded = await _cluster.GrainFactory.GetGrain<ICounterGrain>("restarted").Get();
        Assert.Equal(3, reloaded.Value);
        Assert.True(reloaded.RecordExists);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_etag_is_rejected_and_stores_nothing()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICounterGrain>("conflict");
        await grain.Get();
        await grain.Increment();

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.WriteFromStaleCopy(1000));

        Assert.Null(error.CurrentEtag);
        Assert.NotNull(error.StoredEtag);
        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "deactivated");
        Assert.Equal(1, (await grain.Get()).Value);
    }

    [Fact]
    public async Task Clearing_a_never_written_state_is_not_a_conflict_and_clearing_resets_the_state()
    {
        var never = _cluster.GrainFactory.GetGrain<ICounterGrain>("never-written");
        await never.Clear();
        Assert.False((await never.Get()).RecordExists);

        var grain = _cluster.GrainFactory.GetGrain<ICounterGrain>("cleared");
        await grain.Increment();
        await grain.Clear();
        var cleared = await grain.Get();
        Assert.Equal(0, cleared.Value);
        Assert.False(cleared.RecordExists);

        Assert.Equal(1, await grain.Increment());
        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "deactivated");
        Assert.Equal(1, (await grain.Get()).Value);
    }

    [Fact]
    public async Task Concurrent_callers_lose_no_update()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICounterGrain>("concurrent");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => grain.Increment())));

        Assert.Equal(Enumerable.Range(1, 100), results.Order());
        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "deactivated");
        Assert.Equal(100, (await grain.Get()).Value);
    }

    protected abstract void ConfigureStorage(ISiloBuilder silo);

    protected virtual Task PrepareStorageAsync() => Task.CompletedTask;

    protected virtual Task CleanUpStorageAsync() => Task.CompletedTask;
}
