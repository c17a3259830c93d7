using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Granary.Extensions.Sqlite;

/// <summary>
/// The single writer of a SQLite file (grain state and stream queues). SQLite admits one writer at a time; rather than
/// let concurrent writers meet on its lock, writes queue here and one connection commits all that are waiting in one
/// transaction (group commit: one fsync for up to <c>maxWritesPerCommit</c> writes). Each write runs in a savepoint of
/// its own: a write that fails (or an ETag conflict) fails alone; a failed commit fails the whole batch, and nothing
/// of it is kept.
/// </summary>
public sealed partial class SqliteWriteQueue(string connectionString, int maxWritesPerCommit, TimeProvider timeProvider, ILogger logger)
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private SqliteConnection? _connection;
    private Statements? _statements;
    private SqliteCommand? _savepoint;
    private SqliteCommand? _release;
    private SqliteCommand? _rollback;
    private Task _loop = Task.CompletedTask;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var pragma = connection.CreateCommand())
        {
            // WAL: readers never wait for the writer. FULL: a committed write survives a power cut, not only a crash.
            // busy_timeout: when another writer of the file (the stream queue, the reminder table) holds the lock,
            // SQLite's own handler waits in steps of a few milliseconds, instead of Microsoft.Data.Sqlite's coarser retry loop.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _connection = connection;
        _statements = new Statements(connection);
        _savepoint = Command(connection, "SAVEPOINT granary_write;");
        _release = Command(connection, "RELEASE granary_write;");
        _rollback = Command(connection, "ROLLBACK TO granary_write;");
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>A grain-state write or clear with its ETag check; completes once committed.</summary>
    internal Task<StateWriteOutcome> WriteAsync(StateWrite write)
        => Enqueue(new Pending<StateWriteOutcome>((statements, _, now) => statements.Apply(write, now)));

    /// <summary>Any write (the stream queue's); runs inside the shared transaction, completes once committed.</summary>
    public Task RunAsync(Action<SqliteConnection, SqliteTransaction> write)
        => Enqueue(new Pending<bool>((_, transaction, _) =>
        {
            write(transaction.Connection!, transaction);
            return true;
        }));

    private Task<T> Enqueue<T>(Pending<T> pending)
    {
        if (_connection is null)
        {
            // Before the writer started nothing would read the queue: fail rather than hang.
            throw new InvalidOperationException("The SQLite writer has not started; the write was not made.");
        }

        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "The SQLite writer has stopped; the write was not made.");
        }

        return pending.Task;
    }

    /// <summary>Commits what is queued, then closes; a cancelled <paramref name="cancellationToken"/> (the shutdown budget spent) stops waiting.</summary>
    internal async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of time: the writes still queued fail with the closing connection rather than block the stop.
            return;
        }

        _statements?.Dispose();
        _savepoint?.Dispose();
        _release?.Dispose();
        _rollback?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await DrainAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Nothing is expected to reach here (a commit's failure fails its batch); if something does, no write may wait forever.
            LogBatchFailed(logger, 0, exception);
            _queue.Writer.TryComplete(exception);
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Fail(exception);
            }
        }
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>(maxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < maxWritesPerCommit && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                Commit(batch);
            }
            catch (Exception exception)
            {
                LogBatchFailed(logger, batch.Count, exception);
                foreach (var pending in batch)
                {
                    pending.Fail(exception);
                }

                continue;
            }

            foreach (var pending in batch)
            {
                pending.Complete();
            }
        }
    }

    private void Commit(List<Pending> batch)
    {
        var statements = _statements!;
        using var transaction = _connection!.BeginTransaction();
        statements.Enlist(transaction);
        _savepoint!.Transaction = _release!.Transaction = _rollback!.Transaction = transaction;
        var now = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var pending in batch)
        {
            _savepoint.ExecuteNonQuery();
            try
            {
                pending.Run(statements, transaction, now);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Undo this write only; the others of the batch still commit.
                _rollback.ExecuteNonQuery();
                pending.Fail(exception);
            }

            _release.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>A queued write: run inside the batch's transaction, completed after the commit (or failed).</summary>
    private abstract class Pending
    {
        public abstract void Run(Statements statements, SqliteTransaction transaction, string now);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<T>(Func<Statements, SqliteTransaction, string, T> write) : Pending
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;
        private bool _failed;

        public Task<T> Task => _completion.Task;

        public override void Run(Statements statements, SqliteTransaction transaction, string now) => _result = write(statements, transaction, now);

        public override void Complete()
        {
            if (!_failed)
            {
                _completion.TrySetResult(_result);
            }
        }

        public override void Fail(Exception exception)
        {
            _failed = true;
            _completion.TrySetException(exception);
        }
    }

    /// <summary>The writer's prepared statements, reused for every write.</summary>
    private sealed class Statements : IDisposable
    {
        private const string Key = "service_id = $service AND state_name = $state AND grain_id = $grain";
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _version;

        public Statements(SqliteConnection connection)
        {
            _insert = Create(connection, "INSERT INTO granary_grain_state (service_id, state_name, grain_id, payload, version, modified_at) "
                + "VALUES ($service, $state, $grain, $payload, 1, $now) ON CONFLICT DO NOTHING;", "$payload", "$now");
            _update = Create(connection, $"UPDATE granary_grain_state SET payload = $payload, version = version + 1, modified_at = $now WHERE {Key} AND version = $expected;",
                "$payload", "$now", "$expected");
            _delete = Create(connection, $"DELETE FROM granary_grain_state WHERE {Key} AND version = $expected;", "$expected");
            _version = Create(connection, $"SELECT version FROM granary_grain_state WHERE {Key};");
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _insert.Transaction = _update.Transaction = _delete.Transaction = _version.Transaction = transaction;
        }

        public StateWriteOutcome Apply(StateWrite write, string now)
        {
            if (write.Payload is { } payload)
            {
                var command = write.ExpectedVersion is null ? _insert : _update;
                Bind(command, write);
                command.Parameters["$payload"].Value = payload;
                command.Parameters["$now"].Value = now;
                if (write.ExpectedVersion is { } expected)
                {
                    command.Parameters["$expected"].Value = expected;
                }

                return command.ExecuteNonQuery() == 1
                    ? new StateWriteOutcome(false, (write.ExpectedVersion ?? 0) + 1)
                    : new StateWriteOutcome(true, StoredVersion(write));
            }

            if (write.ExpectedVersion is { } version)
            {
                Bind(_delete, write);
                _delete.Parameters["$expected"].Value = version;
                return _delete.ExecuteNonQuery() == 1 ? new StateWriteOutcome(false, null) : new StateWriteOutcome(true, StoredVersion(write));
            }

            // Clearing what was never stored: fine unless someone stored it meanwhile.
            var stored = StoredVersion(write);
            return new StateWriteOutcome(stored is not null, stored);
        }

        public void Dispose()
        {
            _insert.Dispose();
            _update.Dispose();
            _delete.Dispose();
            _version.Dispose();
        }

        private long? StoredVersion(StateWrite write)
        {
            Bind(_version, write);
            return _version.ExecuteScalar() is long version ? version : null;
        }

        private static void Bind(SqliteCommand command, StateWrite write)
        {
            command.Parameters["$service"].Value = write.ServiceId;
            command.Parameters["$state"].Value = write.StateName;
            command.Parameters["$grain"].Value = write.GrainId;
        }

        private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] extra)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in new[] { "$service", "$state", "$grain" }.Concat(extra))
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }
}
