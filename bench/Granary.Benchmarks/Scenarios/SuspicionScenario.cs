using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Npgsql;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Is the tuned failure detector safe on a starved machine? Three healthy silo processes on PostgreSQL under call
/// load from this process while --workers busy threads here keep both cores saturated, for --seconds (default 60 for
/// this scenario when left at 10). Then the membership table is read: any suspicion vote or death of a silo that never
/// stopped is a false positive.
/// </summary>
internal sealed class SuspicionScenario : IScenario
{
    private const int LoadWorkers = 8;

    public string Name => "suspicion";

    public string Description => "3 healthy silos under call load and CPU starvation; suspicion votes and deaths recorded (false_suspicions, false_deaths, calls_per_sec)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var seconds = options.Seconds == 10 ? 60 : options.Seconds;
        var hogs = options.Workers == 100 ? 4 : options.Workers;
        await using var cluster = await PostgresCluster.StartAsync(options, info, cancellationToken);
        await cluster.StartSilosAsync(["silo-a", "silo-b", "silo-c"], cancellationToken);
        await cluster.ConnectClientAsync(cancellationToken);
        await cluster.WaitForPlacementOnAsync(3, cancellationToken);
        var grains = Enumerable.Range(0, options.Grains).Select(k => cluster.Client.GetGrain<ICounterGrain>(k)).ToArray();
        await Task.WhenAll(grains.Select(g => g.IncrementAsync()));

        info.WriteLine($"info: {hogs} busy threads on {Environment.ProcessorCount} cores and {LoadWorkers} callers for {seconds} s");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var busy = Enumerable.Range(0, hogs).Select(_ => new Thread(() =>
        {
            var spin = 0L;
            while (!stop.IsCancellationRequested)
            {
                spin++;
            }

            GC.KeepAlive(spin);
        }) { IsBackground = true, Priority = ThreadPriority.Highest }).ToArray();
        foreach (var thread in busy)
        {
            thread.Start();
        }

        var calls = 0L;
        var failures = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, LoadWorkers).Select(worker => Task.Run(async () =>
        {
            for (var key = worker; !stop.IsCancellationRequested; key = (key + LoadWorkers) % grains.Length)
            {
                try
                {
                    await grains[key].IncrementAsync();
                    Interlocked.Increment(ref calls);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, CancellationToken.None)));
        foreach (var thread in busy)
        {
            thread.Join();
        }

        var (suspected, dead) = await ReadMembershipAsync(cluster, info, cancellationToken);
        info.WriteLine($"info: {calls} calls ({failures} failed) in {clock.Elapsed.TotalSeconds:0.0} s; {MachineInfo.Describe()[6..]}");
        return
        [
            new("false_suspicions", suspected, "silos", "0"),
            new("false_deaths", dead, "silos", "0"),
            new("failed_calls", failures, "calls", "0"),
            new("calls_per_sec", calls / clock.Elapsed.TotalSeconds, "calls/s", "0"),
            cluster.ConnectionsResult(),
        ];
    }

    private static async Task<(int Suspected, int Dead)> ReadMembershipAsync(PostgresCluster cluster, TextWriter info, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT siloname, status, COALESCE(suspecttimes, '') FROM orleansmembershiptable WHERE deploymentid = @cluster ORDER BY siloname", connection);
        command.Parameters.AddWithValue("cluster", cluster.ClusterId);
        var suspected = 0;
        var dead = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (name, status, votes) = (reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
            info.WriteLine($"info: {name}: status {status}{(votes.Length > 0 ? ", suspicion votes: " + votes : string.Empty)}");
            suspected += votes.Length > 0 ? 1 : 0;
            dead += status == 6 ? 1 : 0;
        }

        return (suspected, dead);
    }
}
