using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Orleans' ping shape: one silo (the product's composition on a temporary SQLite file) in this process, --workers
/// callers in the same process each calling its own grain with an empty call; --warmup, then --seconds measured.
/// </summary>
internal sealed class PingLocalScenario : IScenario
{
    public string Name => "ping-local";

    public string Description => "W callers in the silo process, each pinging its own grain (calls_per_sec, p50_ms, p99_ms, fairness = Jain's index)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("granary-ping-").FullName;
        try
        {
            var settings = SiloSettings.Sqlite("local", Path.Combine(directory, "granary.db"), options);
            using var host = BenchSiloHost.Build(settings.Values);
            await host.StartAsync(cancellationToken);
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var grains = Enumerable.Range(0, options.Workers).Select(i => factory.GetGrain<IPingGrain>(i)).ToArray();
            info.WriteLine($"info: {options.Workers} workers, warm-up {options.Warmup} s, measuring {options.Seconds} s");
            var summary = await CallLoad.RunAsync(
                options.Workers,
                worker => grains[worker].PingAsync(),
                rate: null,
                TimeSpan.FromSeconds(options.Warmup),
                TimeSpan.FromSeconds(options.Seconds),
                info,
                cancellationToken);
            info.WriteLine($"info: {summary.Describe()}");
            await host.StopAsync(CancellationToken.None);
            return
            [
                new("calls_per_sec", summary.CallsPerSecond, "calls/s", "0"),
                new("p50_ms", summary.Latency.PercentileMilliseconds(50), "ms", "0.####"),
                new("p99_ms", summary.Latency.PercentileMilliseconds(99), "ms", "0.####"),
                new("fairness", summary.JainIndex, "jain", "0.####"),
            ];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
