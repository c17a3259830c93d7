using System.Diagnostics;
using System.Runtime.InteropServices;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Orleans' ping shape: one silo in this process, W workers each calling its own grain in a plain async
/// loop (no Task.Yield), warm-up, then a measured block. A call counts when it completes inside the block.
/// </summary>
internal sealed class PingLocalScenario : IScenario
{
    private const int Running = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;

    public string Name => "ping-local";

    public string Description => "W callers in the silo process, each pinging its own grain (calls/s, p50, p99, fairness)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var host = await BenchmarkSilo.StartAsync(cancellationToken);
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var phase = new Phase();
        var workers = new Worker[options.Workers];
        var loops = new Task[options.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker(factory.GetGrain<IPingGrain>(i), phase);
        }

        for (var i = 0; i < workers.Length; i++)
        {
            loops[i] = Task.Run(workers[i].RunAsync, cancellationToken);
        }

        info.WriteLine($"info: {options.Workers} workers, warm-up {options.Warmup} s, measuring {options.Seconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), cancellationToken);

        var before = ProcessCounters.Capture();
        Volatile.Write(ref phase.Value, Measuring);
        var previousCalls = 0L;
        for (var second = 1; second <= options.Seconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var calls = workers.Sum(w => Volatile.Read(ref w.Counters.Calls));
            info.WriteLine($"info: second {second}: {calls - previousCalls} calls");
            previousCalls = calls;
        }

        Volatile.Write(ref phase.Value, Stopped);
        var used = ProcessCounters.Capture() - before;
        var threads = ThreadPool.ThreadCount;

        // Every loop ends after its current call; a starved one shows up here as a long wait.
        var drain = Stopwatch.StartNew();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        if (drain.Elapsed > TimeSpan.FromSeconds(1))
        {
            info.WriteLine($"info: workers took {drain.Elapsed.TotalSeconds:0.0} s to finish their last call");
        }

        await BenchmarkSilo.StopAsync(host);

        var histogram = new LatencyHistogram();
        foreach (var worker in workers)
        {
            histogram.Add(worker.Histogram);
        }

        var perWorker = workers.Select(w => w.Counters.Calls).ToArray();
        var total = perWorker.Sum();
        var mean = (double)total / perWorker.Length;
        var seconds = used.Elapsed.TotalSeconds;
        var perCall = Math.Max(1, total);

        info.WriteLine($"info: calls per worker: min {perWorker.Min()}, mean {mean:0}, max {perWorker.Max()}");
        info.WriteLine($"info: max latency {histogram.MaxMilliseconds:0.###} ms, p99.9 {histogram.PercentileMilliseconds(99.9):0.####} ms");
        info.WriteLine($"info: GCs during measurement: gen0 {used.Gen0Collections}, gen1 {used.Gen1Collections}, gen2 {used.Gen2Collections}, paused {used.GcPauseTime.TotalMilliseconds:0} ms ({used.GcPauseTime / used.Elapsed:P1} of the time)");
        info.WriteLine($"info: allocated {(double)used.AllocatedBytes / perCall:0.#} bytes/call, {(double)used.CompletedWorkItems / perCall:0.###} thread-pool work items/call, "
            + $"{(double)used.LockContentions / perCall:0.####} lock contentions/call, {used.ProcessorTime.TotalMicroseconds / perCall:0.###} µs CPU/call, {threads} pool threads");

        return
        [
            new("calls_per_sec", total / seconds, "calls/s", "0"),
            new("p50_ms", histogram.PercentileMilliseconds(50), "ms", "0.####"),
            new("p99_ms", histogram.PercentileMilliseconds(99), "ms", "0.####"),
            new("fairness", mean == 0 ? 0 : perWorker.Min() / mean, "", "0.###"),
        ];
    }

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

    private sealed class Worker(IPingGrain grain, Phase phase)
    {
        public PaddedCounters Counters;

        public LatencyHistogram Histogram { get; } = new();

        public async Task RunAsync()
        {
            while (true)
            {
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
