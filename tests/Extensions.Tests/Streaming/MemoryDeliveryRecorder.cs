namespace Granary.Extensions.Tests.Streaming;

/// <summary>Records deliveries in memory, for one in-process silo.</summary>
public sealed class MemoryDeliveryRecorder : IDeliveryRecorder
{
    private readonly List<(Guid Stream, int Sequence)> _deliveries = [];

    public IReadOnlyList<(Guid Stream, int Sequence)> Snapshot()
    {
        lock (_deliveries)
        {
            return [.. _deliveries];
        }
    }

    public Task RecordAsync(Guid stream, int sequence, string silo)
    {
        lock (_deliveries)
        {
            _deliveries.Add((stream, sequence));
        }

        return Task.CompletedTask;
    }
}
