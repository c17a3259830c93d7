using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Benchmarks.Shop;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Orders on PostgreSQL: a throwaway server with its durable defaults (fsync, synchronous_commit on), the schema applied
/// by the silo on start, one silo composed from configuration like the product's in this process with the buyers
/// calling its grain factory; <c>--silos N</c> adds N−1 silo processes (<c>Granary.Benchmarks silo</c>, same
/// composition) to the cluster, found through the membership table, and the buyers' orders spread over all of them.
/// The measured part is <see cref="OrdersRun"/>; the shop database's commits and rows written are read from
/// <c>pg_stat_database</c> over the flat-out block. Then, same run and server, pgbench's simple-update script.
/// </summary>
internal sealed class OrdersPostgresScenario : IScenario
{
    private const int PgBenchScale = 10;
    private const int PgBenchClients = 32;
    private const int PgBenchThreads = 2;
    private const int PgBenchSeconds = 10;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);

    public string Name => "orders-postgres";

    public string Description => "order sagas on PostgreSQL, buyers in silo 1's process, --silos N (orders_per_sec, commits_per_order, p50_ms/p99_ms at half rate, pgbench_tps)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresLauncher.StartAsync(cancellationToken);
        info.WriteLine($"info: PostgreSQL: {postgres.Description}");
        var clusterId = "bench-orders-" + Guid.NewGuid().ToString("N")[..8];
        var timings = new OperationTimings();
        using var storageLatency = new StorageLatencyListener(timings);
        using var host = BenchSiloHost.Build(SiloSettings.Postgres("silo-1", postgres.ConnectionString, clusterId, options).Values, silo =>
        {
            SiloInstruments.TimeReminderTable(silo, timings);
            SiloInstruments.TimeGrainCallsIfAsked(silo, options, timings);
        });
        await host.StartAsync(cancellationToken);
        var others = new List<SiloProcess>();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            if (options.Silos > 1)
            {
                others.AddRange(Enumerable.Range(2, options.Silos - 1)
                    .Select(i => SiloProcess.StartBenchSilo(SiloSettings.Postgres($"silo-{i}", postgres.ConnectionString, clusterId, options), info)));
                await Task.WhenAll(others.Select(silo => silo.WaitReadyAsync(ReadyDeadline, cancellationToken)));
                await WaitForActiveSilosAsync(grains, options.Silos, cancellationToken);
            }

            info.WriteLine(options.Silos > 1
                ? $"info: silo-1 in this process with the buyers, {options.Silos - 1} silo processes; timings below are silo-1's"
                : "info: one silo in this process with the buyers");
            var window = new ResourceWindow(new CpuClock([.. others.Select(o => o.Id)], postgres.PostmasterId), postgres.ConnectionString);
            var results = await OrdersRun.RunAsync(grains, options, window, timings, info, cancellationToken);
            if (window.Database is { } database)
            {
                info.WriteLine($"info: flat out: the shop committed {database.Commits / window.Cpu.Seconds:0} transactions/s");
            }

            results.AddRange(await RunPgBenchAsync(postgres, info, cancellationToken));
            return results;
        }
        finally
        {
            // Gracefully, so silo-1 does not spend its own stop reporting calls to killed silos.
            await StopAsync(others);
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<BenchmarkResult>> RunPgBenchAsync(PostgresLauncher postgres, TextWriter info, CancellationToken cancellationToken)
    {
        if (PgBench.Find(postgres.BinDirectory) is not { } pgbench)
        {
            info.WriteLine("info: no pgbench found beside initdb or on PATH: pgbench_tps not measured");
            return [];
        }

        var database = await postgres.CreateDatabaseAsync("pgbench_", cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await PgBench.InitializeAsync(pgbench, database, PgBenchScale, cancellationToken);
        info.WriteLine($"info: pgbench -i -s {PgBenchScale} in a database of its own on the same server: {clock.Elapsed.TotalSeconds:0.0} s; "
            + $"now -N -c {PgBenchClients} -j {PgBenchThreads} -T {PgBenchSeconds} (the silos idle)");
        var output = await PgBench.RunSimpleUpdateAsync(pgbench, database, PgBenchClients, PgBenchThreads, PgBenchSeconds, cancellationToken);
        foreach (var line in PgBench.Summary(output))
        {
            info.WriteLine($"info: pgbench: {line}");
        }

        return [new("pgbench_tps", PgBench.ParseTps(output), "tps", "0")];
    }

    private static async Task StopAsync(List<SiloProcess> silos)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var silo in silos.Where(s => !s.HasExited))
        {
            silo.Terminate();
        }

        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitForExitAsync(timeout.Token)));
        }
        catch (OperationCanceledException)
        {
            // Disposing kills what is left.
        }

        foreach (var silo in silos)
        {
            silo.Dispose();
        }
    }

    // The buyers' orders should spread over every silo from the first measured second.
    private static async Task WaitForActiveSilosAsync(IGrainFactory grains, int silos, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyDeadline);
        var management = grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < silos)
        {
            await Task.Delay(200, deadline.Token);
        }
    }
}
