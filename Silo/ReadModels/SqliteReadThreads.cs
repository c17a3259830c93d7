using System.Collections.Concurrent;

namespace Granary.Silo.ReadModels;

/// <summary>
/// Threads of their own for SQLite reads: Microsoft.Data.Sqlite's async methods run synchronously, so a read on the
/// caller's thread would hold a thread-pool thread (which grain turns and socket completions need) for as long as it
/// takes. Reads queue here and run one per thread; the caller's continuation returns to the thread pool.
/// </summary>
internal sealed class SqliteReadThreads : IDisposable
{
    private readonly BlockingCollection<Action> _reads = [];
    private readonly Thread[] _threads;

    public SqliteReadThreads(string name, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="read"/> on one of the threads; a read still queued when cancelled does not run.</summary>
    public Task<T> RunAsync<T>(Func<T> read, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reads.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                completion.TrySetResult(read());
            }
            catch (Exception exception)
            {
                completion.TrySetException(exception);
            }
        }, CancellationToken.None);
        return completion.Task;
    }

    /// <summary>Lets the queued reads finish, then ends the threads.</summary>
    public void Dispose()
    {
        _reads.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _reads.Dispose();
    }

    private void Run()
    {
        foreach (var read in _reads.GetConsumingEnumerable())
        {
            read();
        }
    }
}
