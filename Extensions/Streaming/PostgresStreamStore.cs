using Npgsql;
using NpgsqlTypes;

namespace Granary.Extensions.Streaming;

/// <summary>
/// The queue tables on PostgreSQL. An insert transaction first takes the advisory locks of its rows' queues, then draws
/// ids: ids of a queue are therefore committed in increasing order across all silos and clients, so a receiver
/// reading "ids above the last one I saw" never skips a row that commits later with a smaller id. One transaction
/// writes whatever the process has pending, in any queue (<see cref="RelationalStreamStore"/>).
/// </summary>
/// <remarks>
/// Connections come from Npgsql's shared pool for the connection string, the one Orleans' ADO.NET providers use in
/// the same process, so a silo holds one bounded pool (Granary:Database:MaxPoolSize), not one per component.
/// </remarks>
internal sealed class PostgresStreamStore(string providerName, RelationalStreamOptions options) : RelationalStreamStore(providerName, options)
{
    private readonly string _connectionString = options.ConnectionString;

    public override async Task<IReadOnlyList<StoredStreamRow>> ReadAsync(long queue, long afterId, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT id, payload FROM granary_stream_events WHERE provider = $1 AND queue_id = $2 AND id > $3 ORDER BY id LIMIT $4;", connection);
        command.Parameters.Add(new() { Value = ProviderName });
        command.Parameters.Add(new() { Value = queue });
        command.Parameters.Add(new() { Value = afterId });
        command.Parameters.Add(new() { Value = maxCount });
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
        await using var command = new NpgsqlCommand("SELECT queue_id FROM granary_stream_events WHERE provider = $1 AND queue_id >= $2 LIMIT 1;", connection);
        command.Parameters.Add(new() { Value = ProviderName });
        command.Parameters.Add(new() { Value = (long)queueCount });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long queue ? queue : null;
    }

    public override async Task DeleteAsync(long queue, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "DELETE FROM granary_stream_events WHERE provider = $1 AND queue_id = $2 AND id = ANY($3);", connection);
        command.Parameters.Add(new() { Value = ProviderName });
        command.Parameters.Add(new() { Value = queue });
        command.Parameters.Add(new() { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeadLetterAsync(DeadLetterRow row, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO granary_stream_dead_letters (provider, queue_id, event_id, stream_id, consumer, attempts, exception, payload)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (provider, queue_id, event_id, consumer) DO UPDATE SET attempts = EXCLUDED.attempts, exception = EXCLUDED.exception, dead_lettered_at = now();
            """, connection);
        command.Parameters.Add(new() { Value = ProviderName });
        command.Parameters.Add(new() { Value = row.Queue });
        command.Parameters.Add(new() { Value = row.EventId });
        command.Parameters.Add(new() { Value = row.StreamId });
        command.Parameters.Add(new() { Value = row.Consumer });
        command.Parameters.Add(new() { Value = row.Attempts });
        command.Parameters.Add(new() { Value = row.Exception });
        command.Parameters.Add(new() { Value = row.Payload });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task InsertAsync(IReadOnlyList<PendingStreamRow> rows, CancellationToken cancellationToken)
    {
        // One round trip: a batch without an explicit transaction runs as one implicit transaction, so the advisory
        // locks taken first are held until the inserted rows commit, before any later writer of these queues draws
        // ids. The locks are taken in increasing queue order, as by every writer, so two writers wait, never deadlock.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var lockKey = "granary_stream_events:" + ProviderName;
        foreach (var queue in rows.Select(row => row.Queue).Distinct().Order())
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, $2));");
            lockCommand.Parameters.Add(new() { Value = lockKey });
            lockCommand.Parameters.Add(new() { Value = queue });
            batch.BatchCommands.Add(lockCommand);
        }

        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO granary_stream_events (provider, queue_id, stream_id, payload)
            SELECT $1, q, s, p FROM unnest($2::bigint[], $3::text[], $4::bytea[]) WITH ORDINALITY AS t(q, s, p, n) ORDER BY n;
            """);
        insert.Parameters.Add(new() { Value = ProviderName });
        insert.Parameters.Add(new() { Value = rows.Select(row => row.Queue).ToArray() });
        insert.Parameters.Add(new() { Value = rows.Select(row => row.StreamId).ToArray() });
        insert.Parameters.Add(new() { Value = rows.Select(row => row.Payload).ToArray() });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
