namespace Granary.Streaming.Queues;

/// <summary>
/// A queue cannot take an event now: it is full and the publisher runs inside a grain turn (which must not wait
/// on the queue its own deliveries come from), or the silo is stopping and its in-memory queues are closed.
/// </summary>
public sealed class StreamQueueUnavailableException(string message) : GranaryException(message);
