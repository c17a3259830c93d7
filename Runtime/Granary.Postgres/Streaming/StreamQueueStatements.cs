namespace Granary.Postgres.Streaming;

/// <summary>
/// The SQL of the stream queues (tables in StreamQueueSchema.sql), for one schema. Every statement is a single
/// statement, so it runs in one implicit transaction and one round trip.
/// </summary>
internal sealed class StreamQueueStatements
{
    public StreamQueueStatements(string schema)
    {
        var events = $"\"{schema}\".granary_stream_events";
        var leases = $"\"{schema}\".granary_stream_leases";
        var deadLetters = $"\"{schema}\".granary_stream_dead_letters";

        // Rows take their seq in array order (ORDER BY the ordinality), so one call's items and the calls of one
        // group commit keep the order they were accepted in.
        Enqueue = $"""
            INSERT INTO {events} (provider, queue_id, stream_namespace, stream_key, payload)
            SELECT @provider, e.queue_id, e.stream_namespace, e.stream_key, e.payload
            FROM unnest(@queue_ids, @namespaces, @keys, @payloads) WITH ORDINALITY AS e(queue_id, stream_namespace, stream_key, payload, ordinal)
            ORDER BY e.ordinal
            """;

        Notify = "SELECT pg_notify(@channel, @queues)";

        Read = $"""
            SELECT seq, stream_namespace, stream_key, payload FROM {events}
            WHERE provider = @provider AND queue_id = @queue_id
            ORDER BY seq
            LIMIT @max_count
            """;

        // Taken when free, expired, ours, or held by a silo membership declared dead (any other owner on a lone silo). Renewing (same owner, same
        // epoch) keeps the epoch; any other take increments it, fencing whoever held it before (including an older
        // receiver of this same silo). The row lock orders this against Complete's FOR UPDATE.
        Acquire = $"""
            INSERT INTO {leases} AS l (provider, queue_id, owner, epoch, expires_at)
            VALUES (@provider, @queue_id, @owner, 1, now() + @duration)
            ON CONFLICT (provider, queue_id) DO UPDATE
            SET owner = EXCLUDED.owner,
                epoch = CASE WHEN l.owner = EXCLUDED.owner AND l.epoch = @epoch THEN l.epoch ELSE l.epoch + 1 END,
                expires_at = EXCLUDED.expires_at
            WHERE l.owner IS NULL
               OR l.owner = EXCLUDED.owner
               OR l.expires_at <= now()
               OR @take_any
               OR l.owner = ANY (@dead_silos)
            RETURNING l.epoch
            """;

        // The check and the delete in one transaction: the lease row is locked FOR UPDATE (a concurrent takeover
        // waits for this commit, or this re-reads the row the takeover committed and finds it no longer ours), and
        // events are deleted only if it still says (owner, epoch). Returns whether it did and how many went. The
        // seq range keeps the generic plan of this prepared statement on the primary key even while the table's
        // statistics still describe it as empty (otherwise it scans the whole queue per call).
        Complete = $"""
            WITH lease AS MATERIALIZED (
                SELECT 1 FROM {leases}
                WHERE provider = @provider AND queue_id = @queue_id AND owner = @owner AND epoch = @epoch
                FOR UPDATE),
            deleted AS (
                DELETE FROM {events}
                WHERE provider = @provider AND queue_id = @queue_id AND seq BETWEEN @min_seq AND @max_seq AND seq = ANY (@seqs)
                  AND EXISTS (SELECT 1 FROM lease)
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM lease), (SELECT count(*) FROM deleted)
            """;

        Release = $"""
            UPDATE {leases} SET owner = NULL, expires_at = now()
            WHERE provider = @provider AND queue_id = @queue_id AND owner = @owner AND epoch = @epoch
            """;

        // The payload comes from the receiver (the bytes it read) or else from the event row; an event that is gone
        // and was not read here has nothing to record. A second record of (event, consumer) is ignored.
        DeadLetter = $"""
            INSERT INTO {deadLetters} (provider, queue_id, seq, stream_namespace, stream_key, consumer, payload, error, attempts, failed_at)
            SELECT @provider, @queue_id, @seq, @namespace, @key, @consumer, p.payload, @error, @attempts, now()
            FROM (SELECT COALESCE(@payload, (SELECT payload FROM {events} WHERE provider = @provider AND queue_id = @queue_id AND seq = @seq)) AS payload) p
            WHERE p.payload IS NOT NULL
            ON CONFLICT (provider, queue_id, seq, consumer) DO NOTHING
            """;
    }

    public string Enqueue { get; }

    public string Notify { get; }

    public string Read { get; }

    public string Acquire { get; }

    public string Complete { get; }

    public string Release { get; }

    public string DeadLetter { get; }
}
