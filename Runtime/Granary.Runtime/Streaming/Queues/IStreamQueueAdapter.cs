using Granary.Streams;

namespace Granary.Streaming.Queues;

/// <summary>
/// Where a stream provider keeps events between producer and consumers: <see cref="QueueCount"/> queues,
/// each stream always in the same one (by its hash), each queue drained by one delivery agent at a time.
/// </summary>
public interface IStreamQueueAdapter
{
    int QueueCount { get; }

    /// <summary>
    /// True when the queues live in shared storage (a database) and silos lease them, so a queue moves to
    /// another silo when its silo leaves or dies; false when each silo keeps and drains its own queues in memory.
    /// </summary>
    bool IsShared { get; }

    /// <summary>
    /// Appends <paramref name="items"/> of one stream to queue <paramref name="queueId"/>, in order. Returns once
    /// they are accepted (for a durable adapter: committed). An item that cannot be serialized or copied fails
    /// the whole call with a typed exception and nothing is appended.
    /// </summary>
    Task EnqueueAsync(int queueId, StreamId streamId, IReadOnlyList<object?> items, CancellationToken cancellationToken);

    /// <summary>A receiver for one queue, used by this silo's delivery agent for that queue.</summary>
    IStreamQueueReceiver CreateReceiver(int queueId);
}
