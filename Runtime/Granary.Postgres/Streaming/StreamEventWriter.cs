using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Granary.Streams;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Granary.Postgres.Streaming;

/// <summary>
/// Group commit of one provider's enqueues. Calls queue up here with their items already serialized; a few writer
/// loops each take everything waiting (up to <see cref="MaxRowsPerBatch"/> rows, whole calls only) and write it
/// with one multi-row INSERT plus one pg_notify, in one transaction, then complete those calls. Under load many
/// calls share a round trip and a commit; alone, a call costs one of each. Calls keep their arrival order inside
/// a batch, and a call that starts after another returned lands in a later transaction, so sequential calls'
/// events get increasing sequence numbers.
/// </summary>
internal sealed partial class StreamEventWriter : IAsyncDisposable
{
    /// <summary>Soft cap: a batch stops taking calls once it holds this many rows (one larger call still goes whole).</summary>
    internal const int MaxRowsPerBatch = 4096;

    /// <summary>Transactions in flight at once: while one waits for its commit the next batch is being gathered and sent.</summary>
    internal const int WriterCount = 2;

    private readonly string _providerName;
    private readonly string _channel;
    private readonly NpgsqlDataSource _dataSource;
    private readonly StreamQueueStatements _statements;
    private readonly Action<int> _committed;
    private readonly ILogger _logger;
    private readonly Channel<PendingEnqueue> _pending = Channel.CreateUnbounded<PendingEnqueue>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly Lock _lock = new();
    private Task[]? _loops;
    private bool _closed;

    /// <param name="committed">Called with each queue id a committed batch wrote to (wakes this silo's receivers at once).</param>
    public StreamEventWriter(
        string providerName, string channel, NpgsqlDataSource dataSource, StreamQueueStatements statements, Action<int> committed, ILogger logger)
    {
        _providerName = providerName;
        _channel = channel;
        _dataSource = dataSource;
        _statements = statements;
        _committed = committed;
        _logger = logger;
    }

    /// <summary>Completes when the payloads are committed; fails with <see cref="PostgresStreamQueueException"/> when the database fails.</summary>
    public Task WriteAsync(int queueId, StreamId streamId, byte[][] payloads, CancellationToken cancellationToken)
    {
        var pending = new PendingEnqueue(queueId, streamId, payloads, cancellationToken);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _loops ??= [.. Enumerable.Range(0, WriterCount).Select(_ => Task.Run(RunAsync))];
            _pending.Writer.TryWrite(pending);
        }

        // A call cancelled while waiting is dropped; once its batch is sent it may still commit (at-least-once).
        return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
    }

    /// <summary>Stops taking calls and writes what is already waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[]? loops;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            loops = _loops;
            _pending.Writer.TryComplete();
        }

        if (loops is not null)
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<PendingEnqueue>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var rows = 0;
            while (rows < MaxRowsPerBatch && reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }

                batch.Add(pending);
                rows += pending.Payloads.Length;
            }

            if (batch.Count > 0)
            {
                await FlushAsync(batch, rows).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    private async Task FlushAsync(List<PendingEnqueue> batch, int rows)
    {
        try
        {
            await InsertAsync(batch, rows).ConfigureAwait(false);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server rejected the statement, maybe for one call's data: give every call its own transaction so
            // only the guilty one fails.
            foreach (var pending in batch)
            {
                try
                {
                    await InsertAsync([pending], pending.Payloads.Length).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Fail([pending], ex);
                    continue;
                }

                Succeed([pending]);
            }

            return;
        }
        catch (Exception ex)
        {
            Fail(batch, ex);
            return;
        }

        Succeed(batch);
    }

    private async Task InsertAsync(IReadOnlyList<PendingEnqueue> batch, int rows)
    {
        var queueIds = new int[rows];
        var namespaces = new string[rows];
        var keys = new string[rows];
        var payloads = new byte[rows][];
        var touched = new SortedSet<int>();
        var row = 0;
        foreach (var pending in batch)
        {
            touched.Add(pending.QueueId);
            foreach (var payload in pending.Payloads)
            {
                queueIds[row] = pending.QueueId;
                namespaces[row] = pending.StreamId.Namespace;
                keys[row] = pending.StreamId.Key;
                payloads[row] = payload;
                row++;
            }
        }

        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // No explicit transaction: a batch without one runs as one implicit transaction, so the notification is
            // sent on commit and both share one round trip.
            var command = new NpgsqlBatch(connection);
            await using (command.ConfigureAwait(false))
            {
                var insert = new NpgsqlBatchCommand(_statements.Enqueue);
                insert.Parameters.Add(new NpgsqlParameter<string>("provider", _providerName));
                insert.Parameters.Add(new NpgsqlParameter<int[]>("queue_ids", queueIds));
                insert.Parameters.Add(new NpgsqlParameter<string[]>("namespaces", namespaces));
                insert.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys));
                insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = payloads });
                command.BatchCommands.Add(insert);

                var notify = new NpgsqlBatchCommand(_statements.Notify);
                notify.Parameters.Add(new NpgsqlParameter<string>("channel", _channel));
                notify.Parameters.Add(new NpgsqlParameter<string>("queues", string.Join(',', touched.Select(id => id.ToString(CultureInfo.InvariantCulture)))));
                command.BatchCommands.Add(notify);

                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        foreach (var queueId in touched)
        {
            _committed(queueId);
        }
    }

    private static void Succeed(IEnumerable<PendingEnqueue> batch)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult();
        }
    }

    private void Fail(IReadOnlyList<PendingEnqueue> batch, Exception exception)
    {
        if (exception is DbException database)
        {
            Log.EnqueueFailed(_logger, _providerName, batch.Count, exception);
            PostgresStreamQueueAdapter.ClearPoolIfConnectionLost(_dataSource, database);
        }

        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(exception is DbException db
                ? PostgresStreamQueueAdapter.Failure(_providerName, $"enqueue to queue {pending.QueueId.ToString(CultureInfo.InvariantCulture)} (stream {pending.StreamId})", db)
                : exception);
        }
    }

    private sealed class PendingEnqueue(int queueId, StreamId streamId, byte[][] payloads, CancellationToken cancellationToken)
    {
        public int QueueId { get; } = queueId;

        public StreamId StreamId { get; } = streamId;

        public byte[][] Payloads { get; } = payloads;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
