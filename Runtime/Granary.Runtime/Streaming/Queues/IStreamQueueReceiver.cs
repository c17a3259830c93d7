namespace Granary.Streaming.Queues;

/// <summary>
/// One delivery agent's view of one queue. The agent calls, in a loop: <see cref="TryAcquireAsync"/> (take or
/// renew the lease), <see cref="ReadAsync"/>, delivers, then <see cref="CompleteAsync"/> for what it has handled
/// (delivered or dead-lettered); <see cref="WaitForEventsAsync"/> when the queue was empty. Not thread-safe:
/// one agent uses it at a time.
/// </summary>
public interface IStreamQueueReceiver : IAsyncDisposable
{
    int QueueId { get; }

    /// <summary>
    /// Takes the queue's lease for this silo, or renews it. A lease can be taken when it is free, expired,
    /// already this silo's, or held by one of <paramref name="deadSilos"/> (the silos the membership view declared
    /// dead, as <c>SiloAddress.ToString()</c>; a silo the view does not know yet is alive). Null means no other
    /// silo can be alive (a lone silo: any other owner is an earlier process). Returns false when another live
    /// silo holds it. Taking a lease another silo held fences that silo: its later <see cref="CompleteAsync"/>
    /// fails. May run while the same receiver dead-letters (a renewal during a long batch).
    /// </summary>
    Task<bool> TryAcquireAsync(IReadOnlyCollection<string>? deadSilos, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="maxCount"/> events not yet completed, oldest first (ascending sequence number). Returns
    /// an empty list when there are none. An event whose payload cannot be read comes back with
    /// <see cref="QueuedStreamEvent.DecodeError"/> set, to be dead-lettered rather than block the queue.
    /// </summary>
    Task<IReadOnlyList<QueuedStreamEvent>> ReadAsync(int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Marks events handled so they are never read again (the checkpoint). Throws
    /// <see cref="StreamQueueLeaseLostException"/> when this silo no longer holds the lease; nothing changes then.
    /// </summary>
    Task CompleteAsync(IReadOnlyList<QueuedStreamEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="event"/> failed for <paramref name="consumer"/> after <paramref name="attempts"/>
    /// attempts, with the error text. Recording the same (event, consumer) twice keeps one record.
    /// </summary>
    Task DeadLetterAsync(QueuedStreamEvent @event, string consumer, string error, int attempts, CancellationToken cancellationToken);

    /// <summary>Returns when events may be waiting, or after <paramref name="maxWait"/>.</summary>
    Task WaitForEventsAsync(TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the queue up on a graceful stop or hand-over: a shared queue's lease is released, so the next owner
    /// need not wait for it to expire; a per-silo queue is closed to producers (its agent then drains what is left).
    /// </summary>
    Task ReleaseAsync(CancellationToken cancellationToken);
}
