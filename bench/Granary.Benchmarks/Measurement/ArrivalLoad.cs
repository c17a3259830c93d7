using System.Diagnostics;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Open-loop load: calls start at a fixed arrival rate whether or not earlier ones have answered (unlike
/// <see cref="CallLoad"/>'s paced workers, which wait for their previous call), so a slow phase of the system builds
/// a queue instead of slowing the arrivals. Latency is measured from the time each call was due, not from when the
/// dispatcher got round to it, so neither a late dispatcher nor a backlog is hidden (no coordinated omission).
/// </summary>
internal static class ArrivalLoad
{
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts <paramref name="call"/>(n), n = 0, 1, 2, ..., <paramref name="rate"/> times a second, evenly spaced: first
    /// for <paramref name="settle"/> (not measured), then for <paramref name="measured"/>; waits for the calls due in
    /// the window to finish.
    /// </summary>
    public static async Task<ArrivalSummary> RunAsync(
        Func<long, Task> call, double rate, TimeSpan settle, TimeSpan measured, TextWriter info, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var state = new State();
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var windowFrom = start + (long)(settle.TotalSeconds * Stopwatch.Frequency);
        var windowTo = windowFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);

        // A thread of its own: a pool thread would be queued behind the answers it is meant to outpace.
        var dispatcher = new Thread(() => Dispatch(call, state, start, interval, windowFrom, windowTo, cancellationToken))
        {
            IsBackground = true,
            Name = "arrivals",
            Priority = ThreadPriority.AboveNormal,
        };
        dispatcher.Start();

        await Task.Delay(settle, cancellationToken);
        var previous = 0L;
        var seconds = (int)Math.Ceiling(measured.TotalSeconds);
        for (var second = 1; second <= seconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var completed = Volatile.Read(ref state.Completed);
            info.WriteLine($"info: second {second}: {completed - previous} calls completed, {Volatile.Read(ref state.InFlight)} in flight");
            previous = completed;
        }

        dispatcher.Join();
        var drain = Stopwatch.StartNew();
        while (Volatile.Read(ref state.InFlight) > 0 && drain.Elapsed < DrainDeadline)
        {
            await Task.Delay(10, cancellationToken);
        }

        if (Volatile.Read(ref state.InFlight) > 0)
        {
            info.WriteLine($"info: {state.InFlight} calls still unanswered {DrainDeadline.TotalSeconds:0} s after the last arrival (not counted)");
        }

        lock (state.Latency)
        {
            return new ArrivalSummary(
                state.Due, state.Completed, state.Failures, measured.TotalSeconds, state.Latency,
                state.MaxLagTicks * 1e3 / Stopwatch.Frequency, state.MaxInFlight);
        }
    }

    private static void Dispatch(Func<long, Task> call, State state, long start, double interval, long windowFrom, long windowTo, CancellationToken cancellationToken)
    {
        for (long n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var due = start + (long)(n * interval);
            if (due >= windowTo)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (due > now)
            {
                // Sleep granularity is about a millisecond; arrivals due within it start together, at most that early.
                var wait = (due - now) * 1000 / Stopwatch.Frequency;
                if (wait >= 1)
                {
                    Thread.Sleep((int)wait);
                }
            }
            else
            {
                state.MaxLagTicks = Math.Max(state.MaxLagTicks, now - due);
            }

            var measured = due >= windowFrom;
            if (measured)
            {
                state.Due++;
            }

            var inFlight = Interlocked.Increment(ref state.InFlight);
            state.MaxInFlight = Math.Max(state.MaxInFlight, inFlight);
            // Sent early (within the sleep granularity), a call is timed from when it was sent instead.
            _ = TrackAsync(call, n, Math.Max(due, Stopwatch.GetTimestamp()), measured, state);
        }
    }

    private static async Task TrackAsync(Func<long, Task> call, long n, long from, bool measured, State state)
    {
        var failed = false;
        try
        {
            await call(n);
        }
        catch (Exception)
        {
            failed = true;
        }

        var end = Stopwatch.GetTimestamp();
        if (measured)
        {
            if (failed)
            {
                Interlocked.Increment(ref state.Failures);
            }
            else
            {
                lock (state.Latency)
                {
                    state.Latency.RecordElapsed(from, end);
                }

                Interlocked.Increment(ref state.Completed);
            }
        }

        Interlocked.Decrement(ref state.InFlight);
    }

    private sealed class State
    {
        public readonly LatencyHistogram Latency = new();
        public long Due;
        public long Completed;
        public long Failures;
        public long InFlight;
        public long MaxInFlight;
        public long MaxLagTicks;
    }
}
