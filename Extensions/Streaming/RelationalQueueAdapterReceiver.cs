using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Reads one queue for its pulling agent, by increasing row id, starting (on every new owner) from the oldest row
/// not deleted: everything a previous owner did not confirm as delivered is read again. Rows are deleted only in
/// <see cref="MessagesDeliveredAsync(IList{IBatchContainer}, CancellationToken)"/>, which the agent calls for items
/// its cache purged after every consumer cursor passed them.
/// </summary>
internal sealed partial class RelationalQueueAdapterReceiver(
    QueueId queueId,
    RelationalStreamStore store,
    RelationalStreamOptions options,
    Serializer<RelationalBatchContainer> serializer,
    ILogger<RelationalQueueAdapterReceiver> logger) : IQueueAdapterReceiver
{
    private readonly long _queue = queueId.GetNumericId();
    private readonly List<long> _undeleted = [];
    private long _lastReadId;

    // When (Environment.TickCount64) a read last returned fewer rows than it asked for; null after any other read.
    private long? _shortReadAt;

    public Task Initialize(TimeSpan timeout)
    {
        LogStarted(logger, store.ProviderName, queueId);
        return Task.CompletedTask;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var count = maxCount <= 0 ? options.ReadBatchSize : Math.Min(maxCount, options.ReadBatchSize);

        // The agent asks again at once after every read that returned rows, until one returns none, and waits for its
        // next poll only then. After a short read (fewer rows than asked: the queue was drained) that second query
        // nearly always finds nothing, so it is answered "nothing" without a query: what commits meanwhile is read at
        // the next poll, at most PollInterval later, as when it commits just after an empty read. At load that is one
        // query per poll instead of two.
        if (_shortReadAt is { } shortRead && Environment.TickCount64 - shortRead < options.PollInterval.TotalMilliseconds / 2)
        {
            _shortReadAt = null;
            return [];
        }

        var rows = await store.ReadAsync(_queue, _lastReadId, count, cancellationToken).ConfigureAwait(false);
        _shortReadAt = rows.Count > 0 && rows.Count < count ? Environment.TickCount64 : null;
        var batches = new List<IBatchContainer>(rows.Count);

        // The read position moves only past rows handed to the agent or parked: a failure part-way returns what was
        // read before it, and the failed row is read again on the next call (never skipped, never out of order).
        foreach (var row in rows)
        {
            RelationalBatchContainer batch;
            try
            {
                batch = serializer.Deserialize(row.Payload) ?? throw new InvalidOperationException("The row holds no batch.");
            }
            catch (Exception exception)
            {
                // A row no consumer could ever read (e.g. an event type removed from the build): park it, go on.
                LogUnreadableRow(logger, store.ProviderName, queueId, row.Id, exception);
                try
                {
                    await store.DeadLetterAsync(new DeadLetterRow(_queue, row.Id, "(unreadable)", "(none)", 0, exception.ToString(), row.Payload), cancellationToken).ConfigureAwait(false);
                    await store.DeleteAsync(_queue, [row.Id], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (batches.Count > 0)
                {
                    return batches;
                }

                _lastReadId = row.Id;
                continue;
            }

            batch.Token = new EventSequenceTokenV2(row.Id);
            batches.Add(batch);
            _lastReadId = row.Id;
        }

        return batches;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        // The agent does not call again for items it purged, so a failed delete is kept and retried with the next one
        // (if this agent dies first, the next owner delivers those rows again: a duplicate, never a loss).
        _undeleted.AddRange(messages.OfType<RelationalBatchContainer>().Select(batch => batch.RowId).Where(id => id > 0));
        if (_undeleted.Count == 0)
        {
            return;
        }

        var ids = _undeleted.ToArray();
        await store.DeleteAsync(_queue, ids, cancellationToken).ConfigureAwait(false);
        _undeleted.RemoveRange(0, ids.Length);
    }

    public Task Shutdown(TimeSpan timeout)
    {
        // Nothing to hand over: undelivered rows stay in the table for the queue's next owner.
        LogStopped(logger, store.ProviderName, queueId, _lastReadId);
        return Task.CompletedTask;
    }
}
