using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Timers;

/// <summary>Grain timers, driven by a manual clock.</summary>
public sealed class GrainTimerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(time: _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_timer_ticks_after_its_due_time_and_then_every_period()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>("periodic");
        await grain.StartTimer(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), blocking: false);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await grain.GetTicks());

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(async () => await grain.GetTicks() == 1, "first tick at the due time");

        for (var expected = 2; expected <= 4; expected++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            var target = expected;
            await Eventually.WaitUntilAsync(async () => await grain.GetTicks() == target, $"tick {target}");
        }
    }

    [Fact]
    public async Task Ticks_never_overlap_even_when_a_tick_outlasts_the_period()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>("slow");
        await grain.StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), blocking: true);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => gates.Entered("slow-tick-1") == 1, "first tick running");
        _time.Advance(TimeSpan.FromSeconds(10));

        // A tick is a turn: it does not overlap the next tick, and other calls wait for it too.
        var ticks = grain.GetTicks();
        Assert.Equal(0, gates.Entered("slow-tick-2"));
        gates.Open("slow-tick-1");
        Assert.Equal(1, await ticks);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => gates.Entered("slow-tick-2") == 1, "second tick one period after the first ended");
        gates.Open("slow-tick-2");
        Assert.Equal(1, await grain.GetMaxConcurrentTicks());
    }

    [Fact]
    public async Task A_disposed_timer_stops_ticking()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>("stopped");
        await grain.StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), blocking: false);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(async () => await grain.GetTicks() == 1, "one tick");

        await grain.StopTimer();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await grain.GetTicks());
    }

    [Fact]
    public async Task Timers_stop_with_their_activation()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>("deactivated");
        var timersBefore = _time.ActiveTimerCount;
        await grain.StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), blocking: false);
        Assert.Equal(timersBefore + 1, _time.ActiveTimerCount);

        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "deactivated");
        await Eventually.WaitUntilAsync(() => _time.ActiveTimerCount == timersBefore, "timer disposed");
        _time.Advance(TimeSpan.FromSeconds(5));

        // The new activation has no timer and no ticks.
        Assert.Equal(0, await grain.GetTicks());
    }
}
