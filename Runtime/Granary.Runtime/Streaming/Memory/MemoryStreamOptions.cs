namespace Granary.Streaming.Memory;

/// <summary>An in-memory stream provider's queues, per silo: <c>Granary:Streams:{name}</c>.</summary>
public sealed class MemoryStreamOptions
{
    /// <summary>Queues per silo, each drained by its own agent (streams are spread over them by hash).</summary>
    public int QueueCount { get; set; } = 4;

    /// <summary>Events a queue holds before producers wait for the agent to catch up (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
