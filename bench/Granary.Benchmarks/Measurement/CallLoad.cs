using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Workers, each calling its own grain in a plain async loop (Orleans' ping shape): either flat out, or paced to a
/// total rate (the "p99 at half that rate" figure). A call counts when it completes inside the measured block.
/// </summary>
internal static class CallLoad
{
    private const int WarmingUp = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;
    private const int YieldEvery = 32;

    /// <summary>
    /// Runs <paramref name="workers"/> loops of <paramref name="call"/>(worker); <paramref name="rate"/> null: flat out.
    /// <paramref name="atMeasuredStart"/> and <paramref name="atMeasuredEnd"/> run right at the measured block's edges
    /// (e.g. to read database or CPU counters over exactly that block).
    /// </summary>
    public static async Task<LoadSummary> RunAsync(
        int workers,
        Func<int, Task> call,
        double? rate,
        TimeSpan warmup,
        TimeSpan measured,
        TextWriter info,
        CancellationToken cancellationToken,
        Func<Task>? atMeasuredStart = null,
        Func<Task>? atMeasuredEnd = null)
    {
        var phase = new Phase();
        var loops = new Worker[workers];
        var interval = rate is { } total ? TimeSpan.FromSeconds(workers / total) : TimeSpan.Zero;
        for (var i = 0; i < workers; i++)
        {
            loops[i] = new Worker(i, call, phase, interval);
        }

        var tasks = loops.Select(loop => Task.Run(loop.RunAsync, CancellationToken.None)).ToArray();
        await Task.Delay(warmup, cancellationToken);
        if (atMeasuredStart is not null)
        {
            await atMeasuredStart();
        }

        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref phase.Value, Measuring);
        var previous = 0L;
        var seconds = (int)Math.Ceiling(measured.TotalSeconds);
        for (var second = 1; second <= seconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var calls = loops.Sum(w => Volatile.Read(ref w.Counters.Calls));
            info.WriteLine($"info: second {second}: {calls - previous} calls");
            previous = calls;
        }

        Volatile.Write(ref phase.Value, Stopped);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (atMeasuredEnd is not null)
        {
            await atMeasuredEnd();
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var histogram = new LatencyHistogram();
        foreach (var loop in loops)
        {
            histogram.Add(loop.Histogram);
        }

        return new LoadSummary(
            loops.Sum(w => w.Counters.Calls),
            loops.Sum(w => w.Counters.Failures),
            elapsed,
            histogram,
            [.. loops.Select(w => w.Counters.Calls)]);
    }

    private sealed class Phase
    {
        public int Value;
    }

    /// <summary>Counts padded so workers updating theirs do not share a cache line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounters
    {
        [FieldOffset(64)]
        public long Calls;

        [FieldOffset(72)]
        public long Failures;
    }

    private sealed class Worker(int index, Func<int, Task> call, Phase phase, TimeSpan interval)
    {
        public PaddedCounters Counters;

        public LatencyHistogram Histogram { get; } = new();

        public async Task RunAsync()
        {
            // Paced workers start spread over one interval, so the total rate is smooth.
            var intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var due = Stopwatch.GetTimestamp() + (intervalTicks == 0 ? 0 : Random.Shared.NextInt64(intervalTicks));
            var sinceYield = 0;
            while (true)
            {
                if (intervalTicks > 0)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait);
                    }

                    // A late call does not make the next ones bunch up behind it.
                    due = Math.Max(due + intervalTicks, Stopwatch.GetTimestamp() - intervalTicks);
                }

                var start = Stopwatch.GetTimestamp();
                var failed = false;
                try
                {
                    await call(index);
                }
                catch (Exception)
                {
                    failed = true;
                }

                var end = Stopwatch.GetTimestamp();

                // The answer's continuation runs inline on the thread that completed it, so a loop that never yields
                // keeps a pool thread for good and starves timers and the other workers on a 2-core machine.
                // Yielding every YieldEvery calls queues each worker behind the others now and then: fair, cheap.
                if (++sinceYield == YieldEvery)
                {
                    sinceYield = 0;
                    await Task.Yield();
                }
                var current = Volatile.Read(ref phase.Value);
                if (current == Measuring)
                {
                    if (failed)
                    {
                        Counters.Failures++;
                    }
                    else
                    {
                        Histogram.RecordElapsed(start, end);
                        Volatile.Write(ref Counters.Calls, Counters.Calls + 1);
                    }
                }
                else if (current == Stopped)
                {
                    return;
                }
            }
        }
    }
}
