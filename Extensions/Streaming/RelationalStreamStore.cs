using System.Collections.Concurrent;
using Orleans.Configuration;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// The queue tables of one provider. Publishes to a queue are written by one writer at a time in this process, in
/// group commits: whoever arrives while a write runs joins the next transaction, so concurrent publishes cost one
/// round trip together, and a publish completes only once its transaction committed.
/// </summary>
internal abstract class RelationalStreamStore
{
    private readonly ConcurrentDictionary<long, QueueWriteState> _writers = new();

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
        var row = new PendingStreamRow(streamId, payload);
        var state = _writers.GetOrAdd(queue, static _ => new QueueWriteState());
        bool startWriter;
        lock (state)
        {
            state.Pending.Add(row);
            startWriter = !state.Writing;
            state.Writing = true;
        }

        if (startWriter)
        {
            _ = Task.Run(() => DrainAsync(queue, state));
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

    /// <summary>Inserts <paramref name="rows"/> in one transaction, in list order (ids increase with it).</summary>
    protected abstract Task InsertAsync(long queue, IReadOnlyList<PendingStreamRow> rows, CancellationToken cancellationToken);

    private async Task DrainAsync(long queue, QueueWriteState state)
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
                await InsertAsync(queue, batch, CancellationToken.None).ConfigureAwait(false);
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

    private sealed class QueueWriteState
    {
        public List<PendingStreamRow> Pending { get; } = [];

        public bool Writing { get; set; }
    }
}
