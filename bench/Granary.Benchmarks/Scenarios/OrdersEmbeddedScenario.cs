using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The embedded default under orders: one silo composed from configuration like the product's (<c>AddGranary</c> +
/// <c>UseGranaryEndpoints</c>: grain state, reminders and stream queues in one SQLite file, localhost clustering) in
/// this process, and the buyers in the same process calling its grain factory, as the HTTP gateway of the embedded
/// default will. The measured part is <see cref="OrdersRun"/>.
/// </summary>
internal sealed class OrdersEmbeddedScenario : IScenario
{
    public string Name => "orders-embedded";

    public string Description => "order sagas on the embedded SQLite default, buyers in the silo's process (orders_per_sec, p50_ms/p99_ms at half rate, failed_orders, events_lag_ms)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("granary-orders-").FullName;
        try
        {
            var file = Path.Combine(directory, "granary.db");
            var settings = SiloSettings.Sqlite("orders", file, options);
            var timings = new OperationTimings();
            using var storageLatency = new StorageLatencyListener(timings);
            using var host = BenchSiloHost.Build(settings.Values, silo =>
            {
                SiloInstruments.TimeReminderTable(silo, timings);
                SiloInstruments.TimeGrainCallsIfAsked(silo, options, timings);
            });
            await host.StartAsync(cancellationToken);
            info.WriteLine($"info: one silo in this process on the SQLite file {file}");
            try
            {
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                var window = new ResourceWindow(new CpuClock([], postmasterId: null), postgresConnectionString: null);
                var results = await OrdersRun.RunAsync(grains, options, window, timings, info, cancellationToken);
                info.WriteLine($"info: SQLite file {new FileInfo(file).Length / 1e6:0.0} MB, write-ahead log {LengthOrZero(file + "-wal") / 1e6:0.0} MB at the end");
                return results;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long LengthOrZero(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
