using System.Diagnostics;
using System.Runtime.InteropServices;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Orleans' ping shape across two silo processes: W workers in the driver silo (this process), each on its own
/// grain owned by the other silo process, first as fast as they go (calls/s, p50, p99, fairness), then each
/// paced to its share of half the measured rate (p99 at half rate).
/// </summary>
internal sealed class PingCrossSiloScenario : IScenario
{
    private const int Running = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;

    public string Name => "ping-cross-silo";

    public string Description => "W callers in a driver silo, grains in a second silo process (calls/s, p50, p99, fairness, p99 at half rate)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchmarkCluster.StartAsync(Name, options, info, cancellationToken);
        var remote = await cluster.StartSiloProcessAsync("silo-b", cancellationToken);
        await cluster.WaitForActiveSilosAsync([cluster.DriverAddress, remote.Address!], cancellationToken);

        var factory = cluster.GrainFactory;
        var keys = await PickRemoteKeysAsync(factory, remote.Address!, options.Workers, info, cancellationToken);
        var grains = keys.Select(k => factory.GetGrain<IClusterPingGrain>(k)).ToArray();

        // Block 1: as fast as the workers go.
        info.WriteLine($"info: {options.Workers} workers on grains in {remote.Name}, warm-up {options.Warmup} s, measuring {options.Seconds} s");
        var full = await RunBlockAsync(grains, intervalTicks: 0, options.Warmup, options.Seconds, info, cancellationToken);
        var rate = full.Calls / full.Seconds;
        var mean = (double)full.Calls / full.PerWorker.Length;
        info.WriteLine($"info: calls per worker: min {full.PerWorker.Min()}, mean {mean:0}, max {full.PerWorker.Max()}");
        info.WriteLine($"info: max latency {full.Histogram.MaxMilliseconds:0.###} ms, p99.9 {full.Histogram.PercentileMilliseconds(99.9):0.###} ms");
        info.WriteLine($"info: driver process: {full.Counters.ProcessorTime.TotalMicroseconds / Math.Max(1, full.Calls):0.##} µs CPU/call, "
            + $"{(double)full.Counters.AllocatedBytes / Math.Max(1, full.Calls):0} bytes allocated/call, GC paused {full.Counters.GcPauseTime.TotalMilliseconds:0} ms");

        // Block 2: each worker paced to its share of half that rate; latency of each call from its actual send.
        var halfRate = rate / 2;
        var interval = (long)(Stopwatch.Frequency * options.Workers / Math.Max(1, halfRate));
        info.WriteLine($"info: half rate {halfRate:0} calls/s: each worker calls every {interval * 1e3 / Stopwatch.Frequency:0.###} ms; settle 1 s, measuring {options.Seconds} s");
        var half = await RunBlockAsync(grains, interval, 1, options.Seconds, info, cancellationToken);
        info.WriteLine($"info: half-rate block achieved {half.Calls / half.Seconds:0} calls/s, p50 {half.Histogram.PercentileMilliseconds(50):0.###} ms, "
            + $"max {half.Histogram.MaxMilliseconds:0.###} ms");

        var still = (await Task.WhenAll(grains.Select(g => g.Where()))).Count(a => a == remote.Address);
        info.WriteLine($"info: {still} of {grains.Length} grains still in {remote.Name} at the end");

        return
        [
            new("calls_per_sec", rate, "calls/s", "0"),
            new("p50_ms", full.Histogram.PercentileMilliseconds(50), "ms", "0.####"),
            new("p99_ms", full.Histogram.PercentileMilliseconds(99), "ms", "0.####"),
            new("fairness", mean == 0 ? 0 : full.PerWorker.Min() / mean, "", "0.###"),
            new("p99_at_half_rate_ms", half.Histogram.PercentileMilliseconds(99), "ms", "0.####"),
        ];
    }

    /// <summary>Asks grains where they live (which activates them) until <paramref name="count"/> keys live in <paramref name="remote"/>.</summary>
    private static async Task<long[]> PickRemoteKeysAsync(IGrainFactory factory, string remote, int count, TextWriter info, CancellationToken cancellationToken)
    {
        var keys = new List<long>();
        long next = 0;
        while (keys.Count < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(0, 2 * count).Select(i => next + i).ToArray();
            next += batch.Length;
            var homes = await Task.WhenAll(batch.Select(k => factory.GetGrain<IClusterPingGrain>(k).Where()));
            keys.AddRange(batch.Where((_, i) => homes[i] == remote).Take(count - keys.Count));
        }

        info.WriteLine($"info: probed {next} keys to find {count} owned by the other silo");
        return [.. keys];
    }

    private static async Task<BlockResult> RunBlockAsync(
        IClusterPingGrain[] grains, long intervalTicks, int warmupSeconds, int seconds, TextWriter info, CancellationToken cancellationToken)
    {
        var phase = new Phase();
        var start = Stopwatch.GetTimestamp();
        var workers = grains.Select((g, i) => new Worker(g, phase, intervalTicks, start + (intervalTicks * i / grains.Length))).ToArray();
        var loops = workers.Select(w => Task.Run(w.RunAsync, cancellationToken)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), cancellationToken);

        var before = ProcessCounters.Capture();
        Volatile.Write(ref phase.Value, Measuring);
        var previous = 0L;
        for (var second = 1; second <= seconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var calls = workers.Sum(w => Volatile.Read(ref w.Counters.Calls));
            info.WriteLine($"info: second {second}: {calls - previous} calls");
            previous = calls;
        }

        Volatile.Write(ref phase.Value, Stopped);
        var used = ProcessCounters.Capture() - before;
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var histogram = new LatencyHistogram();
        foreach (var worker in workers)
        {
            histogram.Add(worker.Histogram);
        }

        var perWorker = workers.Select(w => w.Counters.Calls).ToArray();
        return new BlockResult(perWorker.Sum(), used.Elapsed.TotalSeconds, perWorker, histogram, used);
    }

    private sealed record BlockResult(long Calls, double Seconds, long[] PerWorker, LatencyHistogram Histogram, ProcessCounters Counters);

    private sealed class Phase
    {
        public int Value;
    }

    /// <summary>Calls made in the measured block, padded so workers updating their counts do not share a cache line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounters
    {
        [FieldOffset(64)]
        public long Calls;
    }

    /// <summary>
    /// Calls its grain in a loop. Paced (interval &gt; 0): call i is due at first + i × interval, a worker
    /// ahead of schedule sleeps, one behind calls at once; more than 100 ms behind, it drops the backlog.
    /// </summary>
    private sealed class Worker(IClusterPingGrain grain, Phase phase, long intervalTicks, long firstDue)
    {
        private static readonly long OneMillisecond = Stopwatch.Frequency / 1000;
        private static readonly long MaxBacklog = Stopwatch.Frequency / 10;

        public PaddedCounters Counters;

        public LatencyHistogram Histogram { get; } = new();

        public async Task RunAsync()
        {
            var due = firstDue;
            while (true)
            {
                if (intervalTicks > 0)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (due - now >= OneMillisecond)
                    {
                        await Task.Delay(Stopwatch.GetElapsedTime(now, due));
                    }
                    else if (now - due > MaxBacklog)
                    {
                        due = now;
                    }

                    due += intervalTicks;
                }

                var start = Stopwatch.GetTimestamp();
                await grain.Ping();
                var end = Stopwatch.GetTimestamp();
                var current = Volatile.Read(ref phase.Value);
                if (current == Measuring)
                {
                    Histogram.RecordElapsed(start, end);
                    Volatile.Write(ref Counters.Calls, Counters.Calls + 1);
                }
                else if (current == Stopped)
                {
                    return;
                }
            }
        }
    }
}
