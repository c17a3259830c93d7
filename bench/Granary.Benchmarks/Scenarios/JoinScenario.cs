using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Two silos running (the driver and a silo process); a third silo process starts, and from that moment the
/// driver activates brand-new grains in batches, recording where each lands. The figure is the time from the
/// new process's start until a batch puts at least 60 % of its fair share (1/3) on the new silo.
/// </summary>
internal sealed class JoinScenario : IScenario
{
    private const int BatchSize = 60;
    private const double ShareOfFair = 0.6;
    private static readonly TimeSpan BatchPeriod = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public string Name => "join";

    public string Description => "a third silo process starts while new grains are activated (seconds_to_share)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchmarkCluster.StartAsync(Name, options, info, cancellationToken);
        var second = await cluster.StartSiloProcessAsync("silo-b", cancellationToken);
        await cluster.WaitForActiveSilosAsync([cluster.DriverAddress, second.Address!], cancellationToken);
        string[] known = [cluster.DriverAddress, second.Address!];

        // Warm the call paths (both silos, activation with storage) so the first measured batches measure placement only.
        var factory = cluster.GrainFactory;
        long nextKey = 0;
        for (var i = 0; i < 5; i++)
        {
            await Task.WhenAll(Enumerable.Range(0, BatchSize).Select(_ => factory.GetGrain<IClusterPingGrain>(nextKey++).Where()));
        }

        var threshold = (int)Math.Ceiling(BatchSize / 3.0 * ShareOfFair);
        info.WriteLine($"info: batches of {BatchSize} new grains every {BatchPeriod.TotalMilliseconds:0} ms; share reached at {threshold} on the new silo");
        var joiner = await cluster.StartSiloProcessAsync("silo-c", cancellationToken, waitReady: false);
        var started = joiner.StartTimestamp;

        double? firstSeen = null;
        double? shared = null;
        var batches = 0;
        var failed = 0;
        var after = new List<int>();
        var trace = new List<string>();
        var next = started;
        while (Stopwatch.GetElapsedTime(started) < Deadline && after.Count < 20)
        {
            var keys = Enumerable.Range(0, BatchSize).Select(_ => nextKey++).ToArray();
            var homes = await Task.WhenAll(keys.Select(async k =>
            {
                try
                {
                    return await factory.GetGrain<IClusterPingGrain>(k).Where();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    return null;
                }
            }));
            var at = Stopwatch.GetElapsedTime(started).TotalSeconds;
            batches++;
            var onNew = homes.Count(h => h is not null && !known.Contains(h));
            if (shared is null)
            {
                trace.Add($"{at:0.00}:{onNew}");
            }
            if (onNew > 0 && firstSeen is null)
            {
                firstSeen = at;
                info.WriteLine($"info: {at:0.000} s: first new grain on the new silo ({onNew} of {BatchSize})");
            }

            if (shared is not null)
            {
                after.Add(onNew);
            }
            else if (onNew >= threshold)
            {
                shared = at;
                info.WriteLine($"info: {at:0.000} s: batch {batches} put {onNew} of {BatchSize} on the new silo");
            }

            next += (long)(BatchPeriod.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }

        if (joiner.Ready.IsCompletedSuccessfully)
        {
            info.WriteLine($"info: silo-c's own start-up (process start to started host): {joiner.StartupSeconds:0.000} s; "
                + $"the driver read its ready line {Stopwatch.GetElapsedTime(started, joiner.ReadyTimestamp).TotalSeconds:0.000} s after starting it");
        }

        info.WriteLine($"info: {batches} batches, {failed} failed activations; until the share, seconds:grains on the new silo per batch: {string.Join(" ", trace)}");
        if (after.Count > 0)
        {
            info.WriteLine($"info: the {after.Count} batches after that put {after.Average() / BatchSize:P1} on the new silo (fair share 33.3 %)");
        }

        if (shared is null)
        {
            info.WriteLine($"info: NOT REACHED within {Deadline.TotalSeconds:0} s; the figure is the deadline");
        }

        return [new("seconds_to_share", shared ?? Deadline.TotalSeconds, "s", "0.000")];
    }
}
