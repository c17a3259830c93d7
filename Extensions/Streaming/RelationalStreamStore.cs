using System.Collections.Concurrent;
using Orleans.Configuration;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// The queue tables of one provider. Publishes are written by one writer at a time per writer key in this process
/// (<see cref="WriterOf"/>: one for all queues by default), in group commits: whoever arrives while a write runs
/// joins the next transaction, so concurrent publishes cost one round trip together, and a publish completes only
/// once its transaction committed.
/// </summary>
internal abstract class RelationalStreamStore
{
    private readonly ConcurrentDictionary<long, WriterState> _writers = new();

    protected RelationalStreamStore(string providerName, RelationalStreamOptions options)
    {
        ProviderName = providerName;
        Options = options;
        QueueMapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, providerName);
    }

    /// <summary>Which queue a stream's rows go to; every silo and client of the provider computes the same.</summary>
    public HashRingBasedStreamQueueMapper QueueMapper { get; }

    public string ProviderName { get; }

    protected RelationalStreamOptions Options { get; }

    /// <summary>Queues a serialized batch; completes when committed.</summary>
    public Task EnqueueAsync(long queue, string streamId, byte[] payload)
    {
        var row = new PendingStreamRow(queue, streamId, payload);
        var state = _writers.GetOrAdd(WriterOf(queue), static _ => new WriterState());
        bool startWriter;
        lock (state)
        {
            state.Pending.Add(row);
            startWriter = !state.Writing;
            state.Writing = true;
        }

        if (startWriter)
        {
            _ = Task.Run(() => DrainAsync(state));
        }

        return row.Written.Task;
    }

    /// <summary>Rows of <paramref name="queue"/> with an id above <paramref name="afterId"/>, by increasing id.</summary>
    public abstract Task<IReadOnlyList<StoredStreamRow>> ReadAsync(long queue, long afterId, int maxCount, CancellationToken cancellationToken);

    /// <summary>A queue numbered <paramref name="queueCount"/> or above that still holds rows (left by a larger QueueCount), or null.</summary>
    public abstract Task<long?> FindQueueAtOrBeyondAsync(int queueCount, CancellationToken cancellationToken);

    /// <summary>Deletes delivered rows.</summary>
    public abstract Task DeleteAsync(long queue, IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>Records a poison event (once per event and consumer).</summary>
    public abstract Task DeadLetterAsync(DeadLetterRow row, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="rows"/> (of the queues of one writer key) in one transaction, in list order: within a
    /// queue, ids increase with the list order, so the publishes of one stream keep their order.
    /// </summary>
    protected abstract Task InsertAsync(IReadOnlyList<PendingStreamRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// The writer a queue's publishes go through. Default: one writer for every queue, so a transaction takes whatever
    /// is pending in any queue (an order's events spread over the queues: per-queue writers committed 2.5 insert
    /// transactions per order on PostgreSQL for its 5.7 events, at 64 concurrent buyers).
    /// </summary>
    protected virtual long WriterOf(long queue) => 0;

    private async Task DrainAsync(WriterState state)
    {
        while (true)
        {
            List<PendingStreamRow> batch;
            lock (state)
            {
                if (state.Pending.Count == 0)
                {
                    state.Writing = false;
                    return;
                }

                var take = Math.Min(state.Pending.Count, Options.WriteBatchSize);
                batch = state.Pending.GetRange(0, take);
                state.Pending.RemoveRange(0, take);
            }

            try
            {
                await InsertAsync(batch, CancellationToken.None).ConfigureAwait(false);
                foreach (var row in batch)
                {
                    row.Written.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                foreach (var row in batch)
                {
                    row.Written.TrySetException(exception);
                }
            }
        }
    }

    private sealed class WriterState
    {
        public List<PendingStreamRow> Pending { get; } = [];

        public bool Writing { get; set; }
    }
}
