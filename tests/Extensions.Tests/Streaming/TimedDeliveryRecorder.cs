using System.Collections.Concurrent;
using System.Diagnostics;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>Records when each event first arrived (Stopwatch timestamps), for the throughput and latency measurement.</summary>
public sealed class TimedDeliveryRecorder : IDeliveryRecorder
{
    private readonly ConcurrentDictionary<(Guid Stream, int Sequence), long> _firstArrivals = new();

    public int Count => _firstArrivals.Count;

    public long ArrivalOf(Guid stream, int sequence) => _firstArrivals[(stream, sequence)];

    public Task RecordAsync(Guid stream, int sequence, string silo)
    {
        _firstArrivals.TryAdd((stream, sequence), Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }
}
