using System.Diagnostics;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Measurement;
using Orleans.Streams;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Publishes to the streams it owns (no other producer touches them, so each stream's sequence is
/// 1, 2, 3, ...), one <c>OnNextBatchAsync</c> of <paramref name="batchSize"/> events at a time, round-robin.
/// A failed publish is retried with the same events (a duplicate, if the failure came after the commit).
/// </summary>
internal sealed class StreamProducer(IReadOnlyList<(IAsyncStream<BenchEvent> Stream, StreamConsumerTally Tally)> streams, int batchSize)
{
    private const int MaxAttempts = 50;
    private static readonly long OneMillisecond = Stopwatch.Frequency / 1000;
    private static readonly long MaxBacklog = Stopwatch.Frequency / 10;

    private readonly BenchEvent[] _batch = new BenchEvent[batchSize];
    private int _next;

    /// <summary>Publishes that threw (each was retried).</summary>
    public long Failures { get; private set; }

    public string? FirstFailure { get; private set; }

    /// <summary>
    /// Publishes until <paramref name="stop"/>, finishing the batch in hand. Unpaced when
    /// <paramref name="intervalTicks"/> is 0; paced, batch i is due at <paramref name="firstDue"/> + i × interval:
    /// ahead of schedule it sleeps, behind it publishes at once, and more than 100 ms behind it drops the backlog.
    /// </summary>
    public async Task RunAsync(long intervalTicks, long firstDue, CancellationToken stop)
    {
        var due = firstDue;
        while (!stop.IsCancellationRequested)
        {
            if (intervalTicks > 0)
            {
                var now = Stopwatch.GetTimestamp();
                if (due - now >= OneMillisecond)
                {
                    try
                    {
                        await Task.Delay(Stopwatch.GetElapsedTime(now, due), stop);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                else if (now - due > MaxBacklog)
                {
                    due = now;
                }

                due += intervalTicks;
            }

            var (stream, tally) = streams[_next];
            _next = (_next + 1) % streams.Count;
            var first = tally.Published + 1;
            var timestamp = Stopwatch.GetTimestamp();
            for (var i = 0; i < _batch.Length; i++)
            {
                _batch[i] = new BenchEvent(first + i, timestamp);
            }

            await PublishAsync(stream);
            Volatile.Write(ref tally.Published, tally.Published + _batch.Length);
        }
    }

    private async Task PublishAsync(IAsyncStream<BenchEvent> stream)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await stream.OnNextBatchAsync(_batch);
                return;
            }
            catch (Exception exception) when (attempt < MaxAttempts)
            {
                Failures++;
                FirstFailure ??= $"{exception.GetType().Name}: {exception.Message}";
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
