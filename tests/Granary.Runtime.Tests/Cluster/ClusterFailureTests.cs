using Granary.Runtime.Tests.Grains;
using Granary.Storage;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>
/// Silos joining, leaving gracefully, crashing and being cut off, with membership and state in storage
/// every silo shares. Subclasses choose where: in memory, or a real PostgreSQL (the production shape).
/// </summary>
public abstract class ClusterFailureTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        await ConfigureAsync(builder);
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Registers the shared membership table (if not the test cluster's in-memory one) and "Default" storage.</summary>
    protected abstract Task ConfigureAsync(TestClusterBuilder builder);

    [Fact]
    public async Task After_a_silo_is_killed_every_grain_answers_again_with_its_persisted_state()
    {
        var factory = _cluster.GrainFactory;
        const int Grains = 60;
        foreach (var round in Enumerable.Range(1, 2))
        {
            await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IClusterProbeGrain>(i).Increment()));
        }

        var victim = _cluster.RunningSilos.Last();
        var victimAddress = victim.SiloAddress!.ToString();
        var homes = await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));
        Assert.Contains(victimAddress, homes);

        await _cluster.KillSiloAsync(victim);

        // Calls to the dead silo's grains fail fast until the cluster declares it dead, then move.
        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => TryCountAsync(factory, i)))).All(count => count == 2),
            "every grain answers with its persisted count");
        var newHomes = await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));
        Assert.DoesNotContain(victimAddress, newHomes);
        await _cluster.WaitForStableMembershipAsync();
    }

    [Fact]
    public async Task A_call_to_a_killed_silo_fails_fast_with_a_typed_exception()
    {
        var factory = _cluster.GrainFactory;
        var victim = _cluster.RunningSilos.Last();
        var key = await FirstGrainOnAsync(factory, victim);

        await _cluster.KillSiloAsync(victim);
        var call = factory.GetGrain<IClusterProbeGrain>(key).GetCount();

        // Well under the 30 s response timeout: either it already moved, or the dead silo refuses at once.
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(call, finished);
        if (call.IsFaulted)
        {
            Assert.IsType<SiloUnavailableException>(call.Exception!.InnerException);
        }
    }

    [Fact]
    public async Task A_new_silo_receives_its_share_of_new_activations()
    {
        var added = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForStableMembershipAsync();

        var homes = await Task.WhenAll(Enumerable.Range(10_000, 400).Select(i => _cluster.GrainFactory.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));

        var share = homes.Count(h => h == added.SiloAddress!.ToString());
        Assert.InRange(share, 40, 200);
    }

    [Fact]
    public async Task A_joining_silo_takes_over_grains_with_their_state()
    {
        var factory = _cluster.GrainFactory;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => factory.GetGrain<IClusterProbeGrain>(i).Increment()));

        var added = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForStableMembershipAsync();

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => factory.GetGrain<IClusterProbeGrain>(i).Increment()));
        Assert.All(counts, count => Assert.Equal(2, count));
        Assert.Contains(
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => factory.GetGrain<IClusterProbeGrain>(i).WhereAreYou())),
            home => home == added.SiloAddress!.ToString());
    }

    [Fact]
    public async Task Stopping_a_silo_gracefully_fails_no_call()
    {
        var caller = _cluster.Primary;
        var leaving = _cluster.RunningSilos.Last();
        var factory = caller.GrainFactory;
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var calls = 0;
        var load = Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var i = worker;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await factory.GetGrain<IClusterProbeGrain>(i % 120).Increment();
                    Interlocked.Increment(ref calls);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                }

                i += 8;
            }
        })));
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref calls) > 500, "load running");

        await _cluster.StopSiloAsync(leaving);
        var afterStop = Volatile.Read(ref calls);
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref calls) > afterStop + 500, "load continues on the remaining silos");
        await stop.CancelAsync();
        await load;

        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed, first: {failures.FirstOrDefault()}");
        var total = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => factory.GetGrain<IClusterProbeGrain>(i).GetCount()));
        Assert.Equal(calls, total.Sum());
    }

    [Fact]
    public async Task A_partitioned_silo_is_declared_dead_and_stops_itself()
    {
        var isolated = _cluster.RunningSilos.Last();
        var lifetime = isolated.Services.GetRequiredService<IHostApplicationLifetime>();

        _cluster.Partition.Isolate(isolated.SiloAddress!);

        await Eventually.WaitUntilAsync(
            () => _cluster.RunningSilos.Where(s => s != isolated).All(s => !s.Services.GetRequiredService<Granary.Membership.IClusterMembershipService>()
                .CurrentSnapshot.ActiveSilos.Contains(isolated.SiloAddress!)),
            "the others no longer count the isolated silo as active");
        await Eventually.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the isolated silo asked its host to stop");
        await _cluster.StopSiloAsync(isolated);
        await _cluster.WaitForStableMembershipAsync();
        Assert.Equal(1, await _cluster.GrainFactory.GetGrain<IClusterProbeGrain>(4242).Increment());
    }

    private static async Task<int> TryCountAsync(IGrainFactory factory, int key)
    {
        try
        {
            return await factory.GetGrain<IClusterProbeGrain>(key).GetCount();
        }
        catch (SiloUnavailableException)
        {
            return -1;
        }
    }

    private static async Task<int> FirstGrainOnAsync(IGrainFactory factory, TestSilo silo)
    {
        for (var key = 0; ; key++)
        {
            if (await factory.GetGrain<IClusterProbeGrain>(key).WhereAreYou() == silo.SiloAddress!.ToString())
            {
                return key;
            }
        }
    }
}
