using Granary.Silo.Tests.Grains;
using Granary.Silo.Tests.Hosting;
using Granary.TestInfrastructure;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Cluster;

/// <summary>
/// Three silos on a real PostgreSQL (ADO.NET membership, grain storage and reminders through the project's scripts):
/// silos killed, stopped and added while grains keep their state and reminders keep ticking.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailureTests(PostgresServer postgres) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await GranaryTestCluster.StartPostgresAsync(await postgres.CreateDatabaseAsync(), silos: 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Persisted_state_survives_the_death_of_its_silo()
    {
        var counters = Enumerable.Range(0, 30).Select(i => _cluster.GrainFactory.GetGrain<ICounterGrain>($"survivor-{i}")).ToArray();
        foreach (var counter in counters)
        {
            await counter.IncrementAsync();
            await counter.IncrementAsync();
        }

        var victim = await PickSecondarySiloHostingAsync(counters);
        var hosted = new List<ICounterGrain>();
        foreach (var counter in counters)
        {
            if ((await counter.GetSiloAsync()).Equals(victim.SiloAddress))
            {
                hosted.Add(counter);
            }
        }

        await _cluster.KillSiloAsync(victim);

        foreach (var counter in hosted)
        {
            var silo = await Eventually.ReturnsAsync(counter.GetSiloAsync, "a killed silo's grain to answer again");
            Assert.NotEqual(victim.SiloAddress, silo);
            Assert.Equal(2, await counter.GetAsync());
            Assert.Equal(3, await counter.IncrementAsync());
        }
    }

    [Fact]
    public async Task Reminders_of_a_killed_silo_fire_on_the_others()
    {
        var probes = Enumerable.Range(0, 10).Select(i => _cluster.GrainFactory.GetGrain<IReminderProbeGrain>($"probe-{i}")).ToArray();
        foreach (var probe in probes)
        {
            await probe.StartAsync(TimeSpan.FromSeconds(1));
        }

        await Eventually.SucceedsAsync(async () => (await Task.WhenAll(probes.Select(probe => probe.GetTicksAsync()))).All(ticks => ticks.Count >= 1), "every reminder to tick");

        // The silo most ticks ran on: it registered reminders and hosts their grains.
        var ticks = await Task.WhenAll(probes.Select(probe => probe.GetTicksAsync()));
        var busiest = ticks.GroupBy(tick => tick.LastSilo).OrderByDescending(group => group.Count()).First().Key!;
        var victim = _cluster.Silos.Single(silo => silo.SiloAddress.Equals(busiest));
        await _cluster.KillSiloAsync(victim);
        var countsAtKill = ticks.Select(tick => tick.Count).ToArray();

        await Eventually.SucceedsAsync(async () =>
        {
            var now = await Task.WhenAll(probes.Select(probe => probe.GetTicksAsync()));
            return now.Select((tick, i) => tick.Count > countsAtKill[i] + 1 && !busiest.Equals(tick.LastSilo)).All(moved => moved);
        }, "every reminder to tick again, on surviving silos");

        foreach (var probe in probes)
        {
            await probe.StopAsync();
        }
    }

    [Fact]
    public async Task A_gracefully_stopped_silo_fails_no_call_and_an_added_silo_takes_work()
    {
        var counters = Enumerable.Range(0, 40).Select(i => _cluster.GrainFactory.GetGrain<ICounterGrain>($"graceful-{i}")).ToArray();
        foreach (var counter in counters)
        {
            await counter.IncrementAsync();
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var counter in counters)
                {
                    try
                    {
                        await counter.GetAsync();
                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception exception)
                    {
                        failures.Enqueue(exception);
                    }
                }
            }
        });

        var leaving = await PickSecondarySiloHostingAsync(counters);
        await _cluster.StopSiloAsync(leaving);
        var added = await _cluster.StartAdditionalSiloAsync();
        await Eventually.SucceedsAsync(() => Task.FromResult(Volatile.Read(ref calls) > 200), "calls to go on after the stop");
        stop.Cancel();
        await load;

        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed during the graceful stop; first: {failures.FirstOrDefault()}");
        foreach (var counter in counters)
        {
            Assert.Equal(1, await counter.GetAsync());
        }

        // New activations land on the new silo too (fresh grains each round: placement happens once per activation).
        var round = 0;
        await Eventually.SucceedsAsync(async () =>
        {
            round++;
            var fresh = Enumerable.Range(0, 30).Select(i => _cluster.GrainFactory.GetGrain<ICounterGrain>($"fresh-{round}-{i}"));
            var silos = await Task.WhenAll(fresh.Select(counter => counter.GetSiloAsync()));
            return silos.Any(silo => silo.Equals(added.SiloAddress));
        }, "new activations on the added silo");
    }

    private async Task<SiloHandle> PickSecondarySiloHostingAsync(IEnumerable<ICounterGrain> counters)
    {
        var primary = _cluster.Primary?.SiloAddress;
        foreach (var counter in counters)
        {
            var silo = await counter.GetSiloAsync();
            if (primary is null || !silo.Equals(primary))
            {
                return _cluster.Silos.Single(handle => handle.SiloAddress.Equals(silo));
            }
        }

        throw new InvalidOperationException("Every grain is on the primary silo; placement should have spread them.");
    }
}
