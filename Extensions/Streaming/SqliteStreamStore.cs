using Granary.Extensions.Sqlite;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Granary.Extensions.Streaming;

/// <summary>
/// The queue tables in an embedded SQLite file (WAL mode, set by the schema migrator). Writes go through the file's one
/// writer (<see cref="SqliteWriteQueues"/>, shared with the grain storages of the file), so ids commit in increasing
/// order and no two writers of this process meet on SQLite's lock. Committed rows survive a process crash; the next
/// process reads every row not yet deleted.
/// </summary>
internal sealed class SqliteStreamStore : RelationalStreamStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _writerKey;
    private readonly SqliteWriteQueues _writers;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<Task<SqliteWriteQueue>> _writer;

    public SqliteStreamStore(string providerName, RelationalStreamOptions options, SqliteWriteQueues writers, TimeProvider timeProvider)
        : base(providerName, options)
    {
        _timeProvider = timeProvider;
        _writers = writers;
        _writerKey = options.ConnectionString;
        _writer = new(() => writers.AcquireAsync(_writerKey, options.WriteBatchSize, CancellationToken.None));
        // Reads only (writes go through the file's writer): in WAL they rarely wait, and then retry rather than fail.
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        _connectionString = builder.ConnectionString;
    }

    public override async Task<IReadOnlyList<StoredStreamRow>> ReadAsync(long queue, long afterId, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, payload FROM granary_stream_events WHERE provider = $provider AND queue_id = $queue AND id > $after ORDER BY id LIMIT $max;";
        command.Parameters.AddWithValue("$provider", ProviderName);
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$max", maxCount);
        var rows = new List<StoredStreamRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new StoredStreamRow(reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }

        return rows;
    }

    public override async Task<long?> FindQueueAtOrBeyondAsync(int queueCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT queue_id FROM granary_stream_events WHERE provider = $provider AND queue_id >= $count LIMIT 1;";
        command.Parameters.AddWithValue("$provider", ProviderName);
        command.Parameters.AddWithValue("$count", queueCount);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long queue ? queue : null;
    }

    public override async Task DeleteAsync(long queue, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM granary_stream_events WHERE provider = $provider AND queue_id = $queue AND id = $id;";
                command.Parameters.AddWithValue("$provider", ProviderName);
                command.Parameters.AddWithValue("$queue", queue);
                var id = command.Parameters.Add("$id", SqliteType.Integer);
                foreach (var rowId in ids)
                {
                    id.Value = rowId;
                    command.ExecuteNonQuery();
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeadLetterAsync(DeadLetterRow row, CancellationToken cancellationToken)
    {
        await WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText =
                    """
                    INSERT INTO granary_stream_dead_letters (provider, queue_id, event_id, stream_id, consumer, attempts, exception, payload, dead_lettered_at)
                    VALUES ($provider, $queue, $event, $stream, $consumer, $attempts, $exception, $payload, $at)
                    ON CONFLICT (provider, queue_id, event_id, consumer) DO UPDATE SET attempts = excluded.attempts, exception = excluded.exception, dead_lettered_at = excluded.dead_lettered_at;
                    """;
                command.Parameters.AddWithValue("$provider", ProviderName);
                command.Parameters.AddWithValue("$queue", row.Queue);
                command.Parameters.AddWithValue("$event", row.EventId);
                command.Parameters.AddWithValue("$stream", row.StreamId);
                command.Parameters.AddWithValue("$consumer", row.Consumer);
                command.Parameters.AddWithValue("$attempts", row.Attempts);
                command.Parameters.AddWithValue("$exception", row.Exception);
                command.Parameters.AddWithValue("$payload", row.Payload);
                command.Parameters.AddWithValue("$at", Now());
                command.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer.IsValueCreated && _writer.Value.IsCompletedSuccessfully)
        {
            await _writers.ReleaseAsync(_writerKey, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // A writer per queue, as the file's single writer group-commits the queues' inserts (and grain state) together.
    protected override long WriterOf(long queue) => queue;

    protected override Task InsertAsync(IReadOnlyList<PendingStreamRow> rows, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO granary_stream_events (provider, queue_id, stream_id, payload, enqueued_at) VALUES ($provider, $queue, $stream, $payload, $at);";
                command.Parameters.AddWithValue("$provider", ProviderName);
                command.Parameters.AddWithValue("$at", Now());
                var queue = command.Parameters.Add("$queue", SqliteType.Integer);
                var stream = command.Parameters.Add("$stream", SqliteType.Text);
                var payload = command.Parameters.Add("$payload", SqliteType.Blob);
                foreach (var row in rows)
                {
                    queue.Value = row.Queue;
                    stream.Value = row.StreamId;
                    payload.Value = row.Payload;
                    command.ExecuteNonQuery();
                }
            },
            cancellationToken);

    private async Task WriteAsync(Action<SqliteConnection, SqliteTransaction> write, CancellationToken cancellationToken)
    {
        var writer = await _writer.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        await writer.RunAsync(write).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private string Now() => _timeProvider.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
