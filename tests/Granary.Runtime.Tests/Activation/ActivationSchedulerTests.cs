using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Activation;

/// <summary>Turn-based execution and the attributes that relax it.</summary>
public sealed class ActivationSchedulerTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_calls_to_a_non_reentrant_grain_never_overlap()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<IGateGrain>("serial");

        var first = grain.Enter("serial-1");
        var second = grain.Enter("serial-2");
        await Eventually.WaitUntilAsync(() => gates.Entered("serial-1") == 1, "first call entered");

        // The second call waits in the queue while the first one awaits.
        Assert.Equal(0, gates.Entered("serial-2"));
        Assert.False(second.IsCompleted);

        gates.Open("serial-1");
        await first;
        await Eventually.WaitUntilAsync(() => gates.Entered("serial-2") == 1, "second call entered after the first left");
        gates.Open("serial-2");
        await second;

        Assert.Equal(1, await grain.GetMaxConcurrency());
    }

    [Fact]
    public async Task Many_concurrent_callers_of_a_non_reentrant_grain_run_one_at_a_time()
    {
        var gates = _cluster.Gates();
        gates.Open("open");
        var grain = _cluster.GrainFactory.GetGrain<IGateGrain>("crowd");

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => grain.Enter("open"))));

        Assert.Equal(1, await grain.GetMaxConcurrency());
        Assert.Equal(500, gates.Entered("open"));
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_calls_at_await_points()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<IReentrantGateGrain>("reentrant");

        var first = grain.Enter("re-1");
        var second = grain.Enter("re-2");
        await Eventually.WaitUntilAsync(() => gates.Entered("re-1") == 1 && gates.Entered("re-2") == 1, "both calls entered");

        gates.Open("re-2");
        await second;
        Assert.False(first.IsCompleted);
        gates.Open("re-1");
        await first;
        Assert.Equal(2, await grain.GetMaxConcurrency());
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other_but_not_with_writes()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<IGateGrain>("readers");

        var read1 = grain.EnterReadOnly("ro-1");
        var read2 = grain.EnterReadOnly("ro-2");
        await Eventually.WaitUntilAsync(() => gates.Entered("ro-1") == 1 && gates.Entered("ro-2") == 1, "both reads entered");

        var write = grain.Enter("ro-write");
        var read3 = grain.EnterReadOnly("ro-3");
        gates.Open("ro-1");
        gates.Open("ro-2");
        await Task.WhenAll(read1, read2);
        await Eventually.WaitUntilAsync(() => gates.Entered("ro-write") == 1, "the write entered once the reads left");

        // The read queued behind the write waits for it: order is kept.
        Assert.Equal(0, gates.Entered("ro-3"));
        gates.Open("ro-write");
        gates.Open("ro-3");
        await Task.WhenAll(write, read3);
        Assert.Equal(2, await grain.GetMaxConcurrency());
    }

    [Fact]
    public async Task An_always_interleave_call_runs_while_a_normal_call_awaits()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<IGateGrain>("interleave");

        var blocked = grain.Enter("ai-blocked");
        await Eventually.WaitUntilAsync(() => gates.Entered("ai-blocked") == 1, "normal call entered");
        var interleaving = grain.EnterInterleaving("ai-fast");
        await Eventually.WaitUntilAsync(() => gates.Entered("ai-fast") == 1, "interleaving call entered");

        gates.Open("ai-fast");
        await interleaving;
        Assert.False(blocked.IsCompleted);
        gates.Open("ai-blocked");
        await blocked;
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_grain_finishes()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<IGateGrain>("oneway");

        await grain.EnterOneWay("ow");

        await Eventually.WaitUntilAsync(() => gates.Entered("ow") == 1, "the one-way call ran");
        gates.Open("ow");
        Assert.Equal(1, await grain.GetMaxConcurrency());
    }

    [Fact]
    public async Task A_stateless_worker_scales_out_up_to_its_cap()
    {
        var gates = _cluster.Gates();
        var grain = _cluster.GrainFactory.GetGrain<IStatelessGateGrain>("pool");

        var calls = Enumerable.Range(0, 5).Select(_ => grain.Enter("sw")).ToList();

        await Eventually.WaitUntilAsync(() => gates.Entered("sw") == 3, "three workers busy");
        Assert.Equal(3, _cluster.Primary.ActivationCount);
        gates.Open("sw");
        await Task.WhenAll(calls);
        Assert.Equal(5, gates.Entered("sw"));
        Assert.Equal(3, _cluster.Primary.ActivationCount);
    }
}
