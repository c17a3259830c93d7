namespace Granary.Streaming.Queues;

/// <summary>This silo's lease on a stream queue was taken over; its agent must stop without checkpointing.</summary>
public sealed class StreamQueueLeaseLostException(string message) : GranaryException(message);
