using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// A poor man's allocation profiler (no dotnet-trace here): listens to the runtime's GCAllocationTick events,
/// one per ~100 KB allocated, each naming the type whose allocation crossed the mark, and sums the sampled
/// amounts per type while <see cref="Recording"/> is set. Types are therefore estimates, accurate for the
/// types that dominate. Enabled by <c>--alloc-profile</c>; it costs a little throughput.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    public bool Recording { get; set; }

    /// <summary>The types that account for most sampled bytes, with their share of all sampled bytes.</summary>
    public IEnumerable<(string Type, double Share)> Top(int count)
    {
        var total = (double)Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value / total));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Recording || eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null)
        {
            return;
        }

        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0 || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.Payload[typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
