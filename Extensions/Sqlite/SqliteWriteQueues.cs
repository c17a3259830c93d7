using Microsoft.Extensions.Logging;

namespace Granary.Extensions.Sqlite;

/// <summary>
/// One <see cref="SqliteWriteQueue"/> per database file for every SQLite grain storage of the silo (the default
/// storage and the stream pub-sub store share the embedded file): one writer instead of several meeting on SQLite's
/// lock. Counted: the queue starts with its first storage and stops with its last.
/// </summary>
public sealed class SqliteWriteQueues(TimeProvider timeProvider, ILogger<SqliteWriteQueue> logger)
{
    private readonly Dictionary<string, (SqliteWriteQueue Queue, int Users)> _queues = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<SqliteWriteQueue> AcquireAsync(string connectionString, int maxWritesPerCommit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_queues.TryGetValue(connectionString, out var shared))
            {
                _queues[connectionString] = (shared.Queue, shared.Users + 1);
                return shared.Queue;
            }

            var queue = new SqliteWriteQueue(connectionString, maxWritesPerCommit, timeProvider, logger);
            await queue.StartAsync(cancellationToken).ConfigureAwait(false);
            _queues[connectionString] = (queue, 1);
            return queue;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReleaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        SqliteWriteQueue? last = null;
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_queues.TryGetValue(connectionString, out var shared))
            {
                if (shared.Users > 1)
                {
                    _queues[connectionString] = (shared.Queue, shared.Users - 1);
                }
                else
                {
                    _queues.Remove(connectionString);
                    last = shared.Queue;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        if (last is not null)
        {
            await last.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
