using System.Diagnostics;
using Granary.Benchmarks.Grains;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Per-stream delivery counts of the stream scenarios, kept in the silo's services so consumer grains
/// record into it without grain calls. Latency (delivery time − the publish timestamp in the event) is
/// recorded for events published inside a measured window, so backlog from another phase does not mix in.
/// </summary>
internal sealed class StreamTally
{
    public const int WindowCount = 2;

    private readonly StreamConsumerTally[] _streams;
    private readonly long[] _windowFrom = [long.MaxValue, long.MaxValue];
    private readonly long[] _windowTo = [long.MaxValue, long.MaxValue];

    public StreamTally(int streams)
    {
        _streams = new StreamConsumerTally[streams];
        for (var i = 0; i < streams; i++)
        {
            _streams[i] = new StreamConsumerTally();
        }
    }

    public StreamConsumerTally this[long key] => _streams[key];

    public long Published => _streams.Sum(s => Volatile.Read(ref s.Published));

    public long Delivered => _streams.Sum(s => Volatile.Read(ref s.Delivered));

    public long Duplicates => _streams.Sum(s => Volatile.Read(ref s.Duplicates));

    public long Gaps => _streams.Sum(s => Volatile.Read(ref s.Gaps));

    /// <summary>Events published from now on are timed into window <paramref name="window"/>.</summary>
    public void OpenWindow(int window) => Volatile.Write(ref _windowFrom[window], Stopwatch.GetTimestamp());

    /// <summary>Events published from now on are no longer timed into window <paramref name="window"/>.</summary>
    public void CloseWindow(int window) => Volatile.Write(ref _windowTo[window], Stopwatch.GetTimestamp());

    /// <summary>Called by the stream's consumer activation for each event, in delivery order.</summary>
    public void Record(StreamConsumerTally stream, BenchEvent item)
    {
        var now = Stopwatch.GetTimestamp();
        if (item.Sequence > stream.LastSequence)
        {
            if (item.Sequence != stream.LastSequence + 1)
            {
                Volatile.Write(ref stream.Gaps, stream.Gaps + 1);
            }

            stream.LastSequence = item.Sequence;
            for (var i = 0; i < WindowCount; i++)
            {
                if (item.PublishedTimestamp >= Volatile.Read(ref _windowFrom[i]) && item.PublishedTimestamp < Volatile.Read(ref _windowTo[i]))
                {
                    stream.Latency[i].RecordElapsed(item.PublishedTimestamp, now);
                }
            }

            Volatile.Write(ref stream.Delivered, stream.Delivered + 1);
        }
        else
        {
            Volatile.Write(ref stream.Duplicates, stream.Duplicates + 1);
        }
    }

    /// <summary>All streams' latencies of window <paramref name="window"/>; read after delivery has drained.</summary>
    public LatencyHistogram Latency(int window)
    {
        var merged = new LatencyHistogram();
        foreach (var stream in _streams)
        {
            merged.Add(stream.Latency[window]);
        }

        return merged;
    }
}
