using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Activation;

public sealed class ActivationLifecycleTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_and_the_next_call_gets_a_new_activation()
    {
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("cycle");
        var first = await grain.GetActivationId();

        await grain.DeactivateSoon();
        await Eventually.WaitUntilAsync(() => _cluster.Log().Count("deactivate:cycle:ApplicationRequested") == 1, "deactivated");
        var second = await grain.GetActivationId();

        Assert.NotEqual(first, second);
        Assert.Equal(
            ["activate:cycle", "deactivate:cycle:ApplicationRequested", "activate:cycle"],
            _cluster.Log().Events.ToArray());
    }

    [Fact]
    public async Task Calls_queued_during_deactivation_are_delivered_to_the_next_activation()
    {
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("rerouted");
        var first = await grain.GetActivationId();

        var deactivate = grain.DeactivateSoon();
        var calls = Enumerable.Range(0, 50).Select(_ => grain.GetActivationId()).ToList();
        await deactivate;
        var ids = await Task.WhenAll(calls);

        // Every call is answered; those that arrived after DeactivateOnIdle see a fresh activation.
        Assert.All(ids, id => Assert.NotEqual(Guid.Empty, id));
        Assert.Contains(ids, id => id != first);
        Assert.True(_cluster.Log().Count("activate:rerouted") >= 2);
    }

    [Fact]
    public async Task A_failed_activation_fails_the_call_with_its_exception_and_a_later_call_retries()
    {
        var grain = _cluster.GrainFactory.GetGrain<IFailingActivationGrain>("fail-once");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
        Assert.Equal("activation refused", error.Message);
        Assert.False(_cluster.Primary.IsActive(grain.GetGrainId()));

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
        Assert.Equal(1, await _cluster.GrainFactory.GetGrain<IFailingActivationGrain>("works").Ping());
    }
}
