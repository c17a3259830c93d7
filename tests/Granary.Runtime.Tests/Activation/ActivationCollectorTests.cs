using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Activation;

/// <summary>Idle collection, driven by a manual clock.</summary>
public sealed class ActivationCollectorTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(
        builder => builder
            .AddConfiguration("Granary:Collection:CollectionAge", "00:10:00")
            .AddConfiguration("Granary:Collection:CollectionQuantum", "00:01:00"),
        _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_idle_activation_is_collected_after_its_age_and_a_busy_one_is_not()
    {
        var idle = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        var busy = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("busy");
        await idle.GetActivationId();
        var busyId = await busy.GetActivationId();

        for (var minute = 0; minute < 9; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await busy.GetActivationId();
        }

        Assert.True(_cluster.Primary.IsActive(idle.GetGrainId()));
        _time.Advance(TimeSpan.FromMinutes(2));

        await Eventually.WaitUntilAsync(() => _cluster.Log().Count("deactivate:idle:ActivationIdle") == 1, "idle grain collected");
        Assert.False(_cluster.Primary.IsActive(idle.GetGrainId()));
        Assert.Equal(busyId, await busy.GetActivationId());
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_activation_alive()
    {
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("kept");
        var id = await grain.GetActivationId();
        await grain.KeepAliveFor(TimeSpan.FromMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(0, _cluster.Log().Count("deactivate:kept:ActivationIdle"));
        Assert.Equal(id, await grain.GetActivationId());

        _time.Advance(TimeSpan.FromMinutes(25));
        await Eventually.WaitUntilAsync(() => _cluster.Log().Count("deactivate:kept:ActivationIdle") == 1, "collected after the delay");
    }

    [Fact]
    public async Task A_class_collection_age_limit_overrides_the_silo_default()
    {
        var grain = _cluster.GrainFactory.GetGrain<IShortLivedGrain>("short");
        await grain.Ping();

        _time.Advance(TimeSpan.FromMinutes(3));

        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "collected after its own 2-minute age");
    }
}

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task Ping();
}

[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortLivedGrain : Grain, IShortLivedGrain
{
    public Task Ping() => Task.CompletedTask;
}
