using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Messaging;

/// <summary>Response timeouts, driven by a manual clock.</summary>
public sealed class PendingCallTrackerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(
        builder => builder
            .AddConfiguration("Granary:Messaging:ResponseTimeout", "00:00:05")
            .AddConfiguration("Granary:Messaging:ResponseTimeoutCheckInterval", "00:00:01"),
        _time);

    public async Task DisposeAsync()
    {
        _cluster.Gates().Open("slow");
        _cluster.Gates().Open("slow-2");
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_call_past_its_timeout_fails_with_a_typed_exception_and_the_grain_keeps_working()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("slow-grain");

        var slow = grain.WaitFor("slow");
        await Eventually.WaitUntilAsync(() => gates.Entered("slow") == 1, "the slow call started");
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(slow.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => slow);
        Assert.Equal(grain.GetGrainId(), error.GrainId);
        Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
        Assert.Contains("WaitFor", error.Message, StringComparison.Ordinal);

        // The grain finishes its turn and then serves new calls normally.
        gates.Open("slow");
        var stored = await grain.GetStored();
        Assert.NotNull(stored);
    }

    [Fact]
    public async Task A_call_that_times_out_while_queued_is_never_run()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("queued");

        var blocking = grain.WaitFor("slow-2");
        await Eventually.WaitUntilAsync(() => gates.Entered("slow-2") == 1, "the blocking call started");
        var queued = grain.Store(new Payload { Name = "late" });
        _time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => blocking);

        gates.Open("slow-2");
        var stored = await grain.GetStored();
        Assert.Equal("", stored.Name);
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_ends_in_a_timeout_not_a_hang()
    {
        var a = _cluster.GrainFactory.GetGrain<ICallerGrain>("cycle-a");

        // a -> b -> a: a is busy awaiting b, so b's call back to a waits for ever without a timeout.
        var cycle = a.CallBack("cycle-b", 2);
        await Eventually.WaitUntilAsync(() => _cluster.Primary.ActivationCount >= 2, "both grains active");
        Assert.False(cycle.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(6));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => cycle);
    }
}
