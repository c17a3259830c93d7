using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Orleans' cross-silo ping shape: this process is a client of silo A's gateway only; each worker calls its own
/// forwarder grain on A, which calls the ping grain of the same key on silo B (A cannot host ping grains). Two silo
/// processes on PostgreSQL membership. Flat out first, then paced at half that rate for the p99 there.
/// </summary>
internal sealed class PingCrossSiloScenario : IScenario
{
    public string Name => "ping-cross-silo";

    public string Description => "client process -> silo A -> grains on silo B (calls_per_sec, p50_ms, p99_ms, fairness, p99_ms_at_half_rate)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        await using var cluster = await PostgresCluster.StartAsync(options, info, cancellationToken);
        var siloA = cluster.SettingsFor("silo-a").With(BenchSiloHost.WithoutPingGrainsKey, "true");
        var siloB = cluster.SettingsFor("silo-b");
        await cluster.StartSilosAsync([siloA], cancellationToken);
        await cluster.StartSilosAsync([siloB], cancellationToken);
        await cluster.ConnectClientAsync(siloA.GatewayPort, cancellationToken);

        var forwarders = Enumerable.Range(0, options.Workers).Select(i => cluster.Client.GetGrain<IForwarderGrain>(i)).ToArray();
        await WaitUntilAnsweringAsync(forwarders, cancellationToken);
        var forwarderHomes = await Task.WhenAll(forwarders.Select(f => f.WhereAsync()));
        var pingHomes = await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => cluster.Client.GetGrain<IPingGrain>(i).WhereAsync()));
        info.WriteLine($"info: forwarders on {Describe(forwarderHomes)}; ping grains on {Describe(pingHomes)}");

        info.WriteLine($"info: {options.Workers} workers flat out, warm-up {options.Warmup} s, measuring {options.Seconds} s");
        var full = await CallLoad.RunAsync(
            options.Workers, worker => forwarders[worker].PingAsync(), rate: null,
            TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Seconds), info, cancellationToken);
        info.WriteLine($"info: flat out: {full.Describe()}");

        var half = full.CallsPerSecond / 2;
        info.WriteLine($"info: paced at {half:0} calls/s, warm-up {options.Warmup} s, measuring {options.Seconds} s");
        var paced = await CallLoad.RunAsync(
            options.Workers, worker => forwarders[worker].PingAsync(), half,
            TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Seconds), info, cancellationToken);
        info.WriteLine($"info: paced: {paced.Describe()}");

        return
        [
            new("calls_per_sec", full.CallsPerSecond, "calls/s", "0"),
            new("p50_ms", full.Latency.PercentileMilliseconds(50), "ms", "0.####"),
            new("p99_ms", full.Latency.PercentileMilliseconds(99), "ms", "0.####"),
            new("fairness", full.JainIndex, "jain", "0.####"),
            new("half_rate_calls_per_sec", paced.CallsPerSecond, "calls/s", "0"),
            new("p99_ms_at_half_rate", paced.Latency.PercentileMilliseconds(99), "ms", "0.####"),
        ];
    }

    // Silo B may not be in silo A's view yet when the client connects: placement on B fails until it is.
    private static async Task WaitUntilAnsweringAsync(IForwarderGrain[] forwarders, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await Task.WhenAll(forwarders.Select(f => f.PingAsync()));
                return;
            }
            catch (Exception) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private static string Describe(string[] homes) =>
        string.Join(", ", homes.GroupBy(h => h).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"));
}
