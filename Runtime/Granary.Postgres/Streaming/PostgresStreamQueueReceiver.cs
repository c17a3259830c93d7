using System.Data.Common;
using System.Globalization;
using Granary.Streaming.Queues;
using Granary.Streams;
using Npgsql;
using NpgsqlTypes;

namespace Granary.Postgres.Streaming;

/// <summary>
/// One silo's receiver for one PostgreSQL queue. It remembers the lease epoch it acquired; its checkpoints
/// (<see cref="CompleteAsync"/>) delete events only while the lease row still names this silo with that epoch.
/// Not thread-safe (one delivery agent uses it). Disposing does not release the lease: a graceful stop calls
/// <see cref="ReleaseAsync"/> first, a crash lets it expire.
/// </summary>
internal sealed partial class PostgresStreamQueueReceiver(PostgresStreamQueueAdapter adapter, int queueId) : IStreamQueueReceiver
{
    private const long NoLease = 0;

    private readonly QueueSignal _signal = adapter.Listener[queueId];
    private long _epoch = NoLease;
    private long _seenSignal = -1;

    // The payload bytes of the last read, so a dead letter keeps them even if the event row is gone by then.
    private Dictionary<long, byte[]> _lastRead = [];
    private bool _disposed;

    public int QueueId { get; } = queueId;

    /// <summary>The epoch of the lease this receiver holds, or 0 when it holds none.</summary>
    internal long Epoch => _epoch;

    public async Task<bool> TryAcquireAsync(IReadOnlyCollection<string>? deadSilos, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var previous = _epoch;
        object? epoch;
        try
        {
            var command = adapter.DataSource.CreateCommand(adapter.Statements.Acquire);
            await using (command.ConfigureAwait(false))
            {
                AddQueue(command);
                command.Parameters.Add(new NpgsqlParameter<string>("owner", adapter.Owner));
                command.Parameters.Add(new NpgsqlParameter<TimeSpan>("duration", adapter.LeaseDuration));
                command.Parameters.Add(new NpgsqlParameter<long>("epoch", previous));
                command.Parameters.Add(new NpgsqlParameter<bool>("take_any", deadSilos is null));
                command.Parameters.Add(new NpgsqlParameter<string[]>("dead_silos", deadSilos is null ? [] : [.. deadSilos]));
                epoch = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure("acquire the lease of", ex);
        }

        if (epoch is not long acquired)
        {
            if (previous != NoLease)
            {
                Log.LeaseLost(adapter.Logger, adapter.Name, QueueId, adapter.Owner, previous);
            }

            _epoch = NoLease;
            return false;
        }

        if (acquired != previous)
        {
            Log.LeaseAcquired(adapter.Logger, adapter.Name, QueueId, adapter.Owner, acquired);
        }

        _epoch = acquired;
        return true;
    }

    public async Task<IReadOnlyList<QueuedStreamEvent>> ReadAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ThrowIfDisposed();

        // Noted before reading: a notification that arrives while this read runs makes the next wait return at once.
        _seenSignal = _signal.Version;
        var events = new List<QueuedStreamEvent>();
        var payloads = new Dictionary<long, byte[]>();
        try
        {
            var command = adapter.DataSource.CreateCommand(adapter.Statements.Read);
            await using (command.ConfigureAwait(false))
            {
                AddQueue(command);
                command.Parameters.Add(new NpgsqlParameter<int>("max_count", maxCount));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var seq = reader.GetInt64(0);
                        var streamId = new StreamId(reader.GetString(1), reader.GetString(2));
                        var payload = reader.GetFieldValue<byte[]>(3);
                        payloads[seq] = payload;
                        events.Add(Decode(seq, streamId, payload));
                    }
                }
            }
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure("read", ex);
        }

        _lastRead = payloads;
        return events;
    }

    public async Task CompleteAsync(IReadOnlyList<QueuedStreamEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ThrowIfDisposed();
        if (events.Count == 0)
        {
            return;
        }

        if (_epoch == NoLease)
        {
            throw new StreamQueueLeaseLostException(
                $"Silo '{adapter.Owner}' holds no lease on queue {QueueId} of stream provider '{adapter.Name}'; nothing was completed.");
        }

        var seqs = new long[events.Count];
        for (var i = 0; i < seqs.Length; i++)
        {
            seqs[i] = events[i].SequenceNumber;
        }

        bool held;
        try
        {
            var command = adapter.DataSource.CreateCommand(adapter.Statements.Complete);
            await using (command.ConfigureAwait(false))
            {
                AddQueue(command);
                command.Parameters.Add(new NpgsqlParameter<string>("owner", adapter.Owner));
                command.Parameters.Add(new NpgsqlParameter<long>("epoch", _epoch));
                command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", seqs));
                command.Parameters.Add(new NpgsqlParameter<long>("min_seq", seqs.Min()));
                command.Parameters.Add(new NpgsqlParameter<long>("max_seq", seqs.Max()));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    held = reader.GetBoolean(0);
                }
            }
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure("complete events of", ex);
        }

        if (!held)
        {
            var lost = _epoch;
            _epoch = NoLease;
            Log.LeaseLost(adapter.Logger, adapter.Name, QueueId, adapter.Owner, lost);
            throw new StreamQueueLeaseLostException(string.Create(
                CultureInfo.InvariantCulture,
                $"Silo '{adapter.Owner}' lost its lease (epoch {lost}) on queue {QueueId} of stream provider '{adapter.Name}' to another silo; nothing was completed."));
        }

        foreach (var seq in seqs)
        {
            _lastRead.Remove(seq);
        }
    }

    public async Task DeadLetterAsync(QueuedStreamEvent @event, string consumer, string error, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentNullException.ThrowIfNull(error);
        ThrowIfDisposed();
        int recorded;
        try
        {
            var command = adapter.DataSource.CreateCommand(adapter.Statements.DeadLetter);
            await using (command.ConfigureAwait(false))
            {
                AddQueue(command);
                command.Parameters.Add(new NpgsqlParameter<long>("seq", @event.SequenceNumber));
                command.Parameters.Add(new NpgsqlParameter<string>("namespace", @event.StreamId.Namespace));
                command.Parameters.Add(new NpgsqlParameter<string>("key", @event.StreamId.Key));
                command.Parameters.Add(new NpgsqlParameter<string>("consumer", consumer));
                command.Parameters.Add(new NpgsqlParameter<string>("error", error));
                command.Parameters.Add(new NpgsqlParameter<int>("attempts", attempts));
                command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Bytea)
                {
                    Value = _lastRead.TryGetValue(@event.SequenceNumber, out var payload) ? payload : DBNull.Value,
                });
                recorded = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure("dead-letter an event of", ex);
        }

        if (recorded > 0)
        {
            Log.DeadLettered(adapter.Logger, adapter.Name, QueueId, @event.SequenceNumber, @event.StreamId.ToString(), consumer, attempts, error);
        }
    }

    public async Task WaitForEventsAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var signalled = _signal.WaitAsync(_seenSignal);
        if (signalled.IsCompleted || maxWait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(maxWait, adapter.TimeProvider, timeout.Token);
        await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_epoch == NoLease)
        {
            return;
        }

        try
        {
            var command = adapter.DataSource.CreateCommand(adapter.Statements.Release);
            await using (command.ConfigureAwait(false))
            {
                AddQueue(command);
                command.Parameters.Add(new NpgsqlParameter<string>("owner", adapter.Owner));
                command.Parameters.Add(new NpgsqlParameter<long>("epoch", _epoch));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure("release the lease of", ex);
        }

        Log.LeaseReleased(adapter.Logger, adapter.Name, QueueId, adapter.Owner, _epoch);
        _epoch = NoLease;
    }

    /// <summary>Forgets the lease without a word to the database, as a crash would; see <see cref="ReleaseAsync"/>.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _epoch = NoLease;
        _lastRead = [];
        return ValueTask.CompletedTask;
    }

    private QueuedStreamEvent Decode(long seq, StreamId streamId, byte[] payload)
    {
        try
        {
            return new QueuedStreamEvent(streamId, seq, adapter.Serializer.Deserialize<object?>(payload));
        }
        catch (Exception ex) // any codec failure: the event goes to the dead letters instead of blocking the queue
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            Log.DecodeFailed(adapter.Logger, adapter.Name, QueueId, seq, streamId.ToString(), error);
            return new QueuedStreamEvent(streamId, seq, null, error);
        }
    }

    private void AddQueue(NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("provider", adapter.Name));
        command.Parameters.Add(new NpgsqlParameter<int>("queue_id", QueueId));
    }

    private PostgresStreamQueueException Failure(string operation, DbException exception)
    {
        PostgresStreamQueueAdapter.ClearPoolIfConnectionLost(adapter.DataSource, exception);
        return PostgresStreamQueueAdapter.Failure(adapter.Name, $"{operation} queue {QueueId.ToString(CultureInfo.InvariantCulture)}", exception);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
