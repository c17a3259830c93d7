using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The embedded default's two SQLite grain storages side by side, same run: Orleans' ADO.NET storage fed the
/// project's scripts, and the project's group-committing <c>SqliteGrainStorage</c>. One silo in this process on a
/// fresh file each; --workers callers each incrementing its own persisted counter (one state write per call).
/// </summary>
internal sealed class StorageSqliteScenario : IScenario
{
    public string Name => "storage-sqlite";

    public string Description => "W writers of persisted grain state on SQLite: Orleans' ADO.NET storage vs the project's (adonet_writes_per_sec, granary_writes_per_sec, p99s, ratio)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var adoNet = await MeasureAsync("AdoNet", options, info, cancellationToken);
        var granary = await MeasureAsync("Granary", options, info, cancellationToken);
        return
        [
            new("adonet_writes_per_sec", adoNet.CallsPerSecond, "writes/s", "0"),
            new("adonet_p99_ms", adoNet.Latency.PercentileMilliseconds(99), "ms", "0.###"),
            new("granary_writes_per_sec", granary.CallsPerSecond, "writes/s", "0"),
            new("granary_p99_ms", granary.Latency.PercentileMilliseconds(99), "ms", "0.###"),
            new("ratio", granary.CallsPerSecond / adoNet.CallsPerSecond, "granary/adonet", "0.00"),
        ];
    }

    private static async Task<LoadSummary> MeasureAsync(string storage, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("granary-storage-").FullName;
        try
        {
            var settings = SiloSettings.Sqlite("storage", Path.Combine(directory, "granary.db"), options).With("Granary:Database:SqliteStorage", storage);
            using var host = BenchSiloHost.Build(settings.Values);
            await host.StartAsync(cancellationToken);
            var factory = host.Services.GetRequiredService<IGrainFactory>();
            var counters = Enumerable.Range(0, options.Workers).Select(i => factory.GetGrain<ICounterGrain>(i)).ToArray();
            info.WriteLine($"info: {storage}: {options.Workers} writers, warm-up {options.Warmup} s, measuring {options.Seconds} s");
            var summary = await CallLoad.RunAsync(
                options.Workers,
                worker => counters[worker].IncrementAsync(),
                rate: null,
                TimeSpan.FromSeconds(options.Warmup),
                TimeSpan.FromSeconds(options.Seconds),
                info,
                cancellationToken);
            info.WriteLine($"info: {storage}: {summary.Describe()}");
            await host.StopAsync(CancellationToken.None);
            return summary;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
