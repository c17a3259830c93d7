using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Two silo processes on PostgreSQL under a stream of new activations (each call a fresh grain key, Orleans' default
/// placement) from this client process; then a third silo process starts. seconds_to_share is the time from that
/// process's start until the end of the first 500 ms window in which it got at least 80 % of its fair share (1/3)
/// of the new activations.
/// </summary>
internal sealed class JoinScenario : IScenario
{
    private const int Callers = 16;
    private const string Joiner = "silo-c";
    private const double ShareOfFair = 0.8;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AfterShare = TimeSpan.FromSeconds(5);

    public string Name => "join";

    public string Description => "a third silo process joins 2 under new activations (seconds_to_share: its start until it gets its share)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        await using var cluster = await PostgresCluster.StartAsync(options, info, cancellationToken);
        await cluster.StartSilosAsync(["silo-a"], cancellationToken);
        await cluster.StartSilosAsync(["silo-b"], cancellationToken);
        await cluster.ConnectClientAsync(cancellationToken);
        await cluster.WaitForPlacementOnAsync(2, cancellationToken);

        var placements = new List<(long At, string Silo)>[Callers];
        var stop = new Flag();
        var failures = 0L;
        var callers = Enumerable.Range(0, Callers).Select(i =>
        {
            var list = placements[i] = new List<(long, string)>(100_000);
            return Task.Run(
                async () =>
                {
                    while (!Volatile.Read(ref stop.Value))
                    {
                        try
                        {
                            var silo = await cluster.Client.GetGrain<IProbeGrain>(Guid.NewGuid()).WhereAsync();
                            lock (list)
                            {
                                list.Add((Stopwatch.GetTimestamp(), silo));
                            }
                        }
                        catch (Exception)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                },
                CancellationToken.None);
        }).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), cancellationToken);
        var joiner = cluster.StartSilo(Joiner);
        var started = joiner.StartTimestamp;

        // Watch the windows as they close; stop AfterShare past the first one that reaches the share.
        double? seconds = null;
        var window = 0;
        while (Stopwatch.GetElapsedTime(started) < Deadline && (seconds is null || Stopwatch.GetElapsedTime(started).TotalSeconds < seconds + AfterShare.TotalSeconds))
        {
            await Task.Delay(100, cancellationToken);
            while (seconds is null && Stopwatch.GetElapsedTime(started) >= (window + 1) * Window)
            {
                var (total, onJoiner) = Count(placements, started, window * Window, (window + 1) * Window);
                if (total > 0 && onJoiner >= ShareOfFair * total / 3)
                {
                    seconds = ((window + 1) * Window).TotalSeconds;
                }

                window++;
            }
        }

        Volatile.Write(ref stop.Value, true);
        await Task.WhenAll(callers);

        var all = placements.SelectMany(p => p).ToArray();
        var first = all.Where(p => p.Silo == Joiner && p.At >= started).Select(p => (long?)p.At).Min();
        info.WriteLine($"info: {all.Length} new activations, {Interlocked.Read(ref failures)} failed calls; {Joiner} {(joiner.Ready.IsCompletedSuccessfully ? $"ready (host started) {joiner.StartupSeconds:0.000} s after its process start" : "not ready")}; "
            + $"first activation on it {(first is { } f ? $"{Stopwatch.GetElapsedTime(started, f).TotalSeconds:0.000} s" : "never")} after its process start");
        for (var i = 0; i * Window < Stopwatch.GetElapsedTime(started) && i < 40; i += 2)
        {
            var (total, onJoiner) = Count(placements, started, i * Window, (i + 2) * Window);
            info.WriteLine($"info: {(i * Window).TotalSeconds,5:0.0}-{((i + 2) * Window).TotalSeconds,4:0.0} s: {total / (2 * Window.TotalSeconds),6:0} activations/s, {(total == 0 ? 0 : (double)onJoiner / total):P0} on {Joiner}");
        }

        return [new("seconds_to_share", seconds ?? Deadline.TotalSeconds, "s", "0.000")];
    }

    private static (int Total, int OnJoiner) Count(List<(long At, string Silo)>[] placements, long started, TimeSpan from, TimeSpan to)
    {
        int total = 0, onJoiner = 0;
        foreach (var list in placements)
        {
            // Callers append while this reads: each list is read under its caller's lock, newest first.
            lock (list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var (at, silo) = list[i];
                    var since = Stopwatch.GetElapsedTime(started, at);
                    if (since < from)
                    {
                        break;
                    }

                    if (since < to)
                    {
                        total++;
                        onJoiner += silo == Joiner ? 1 : 0;
                    }
                }
            }
        }

        return (total, onJoiner);
    }

    private sealed class Flag
    {
        public bool Value;
    }
}
