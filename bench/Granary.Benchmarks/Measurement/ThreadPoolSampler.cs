namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Samples the .NET thread pool every 50 ms while alive: the most threads and the longest queue of waiting work items.
/// A long queue with threads being added one by one is starvation, e.g. work that blocks its thread on I/O.
/// </summary>
internal sealed class ThreadPoolSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _maxThreads;
    private long _maxPending;

    public ThreadPoolSampler()
    {
        // A thread of its own: a sampler on the pool would stop sampling exactly when the pool starves.
        _loop = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    public string Describe() =>
        $"thread pool: at most {Volatile.Read(ref _maxThreads)} threads, at most {Volatile.Read(ref _maxPending)} work items waiting for one";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Token.WaitHandle.WaitOne(50))
        {
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            _maxPending = Math.Max(_maxPending, ThreadPool.PendingWorkItemCount);
        }
    }
}
