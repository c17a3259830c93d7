namespace Granary.Postgres.Streaming;

/// <summary>
/// "Events may be waiting in this queue": a version that every signal increments, and a task completed by the next
/// signal. A reader notes the version before it reads; waiting with that version returns at once when a signal
/// came since, so a notification that arrives while the read is running is never lost.
/// </summary>
internal sealed class QueueSignal
{
    private readonly Lock _lock = new();
    private long _version;
    private TaskCompletionSource _next = NewSource();

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public void Signal()
    {
        TaskCompletionSource signalled;
        lock (_lock)
        {
            _version++;
            signalled = _next;
            _next = NewSource();
        }

        signalled.TrySetResult();
    }

    /// <summary>Completes when a signal has come since <paramref name="seenVersion"/> (at once if one already has).</summary>
    public Task WaitAsync(long seenVersion)
    {
        lock (_lock)
        {
            return _version != seenVersion ? Task.CompletedTask : _next.Task;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
