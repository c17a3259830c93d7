using Granary.Streams;

namespace Granary.Streaming.Queues;

/// <summary>One event as read from a queue: its stream, its place in the queue, and its item (already deserialized).</summary>
public sealed record QueuedStreamEvent(StreamId StreamId, long SequenceNumber, object? Item, string? DecodeError = null);
