namespace Granary.Extensions.Streaming;

/// <summary>A publish waiting to be written: its queue, its stream (as text, for operators) and serialized batch.</summary>
internal sealed record PendingStreamRow(long Queue, string StreamId, byte[] Payload)
{
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
