namespace Granary.Extensions.Streaming;

/// <summary>A publish waiting to be written: its stream (as text, for operators) and serialized batch.</summary>
internal sealed record PendingStreamRow(string StreamId, byte[] Payload)
{
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A queued row as read back: its id (the event's sequence number) and payload.</summary>
internal readonly record struct StoredStreamRow(long Id, byte[] Payload);

/// <summary>A poison event as written to the dead-letter table.</summary>
internal sealed record DeadLetterRow(long Queue, long EventId, string StreamId, string Consumer, int Attempts, string Exception, byte[] Payload);
