using System.Numerics;
using Granary.Invocation;
using Microsoft.Extensions.Options;

namespace Granary.Messaging;

/// <summary>
/// Every awaited call sits here until it completes, so a call whose grain never answers fails with
/// <see cref="GrainCallTimeoutException"/>. Calls live in intrusive lists sharded by thread, so tracking
/// costs an uncontended lock and no allocation; one timer sweeps the shards.
/// </summary>
internal sealed class PendingCallTracker : IDisposable
{
    private readonly Shard[] _shards;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly TimeSpan _checkInterval;
    private ITimer? _timer;

    public PendingCallTracker(TimeProvider time, IOptions<MessagingOptions> options)
    {
        _time = time;
        _timeout = options.Value.ResponseTimeout;
        _timeoutTicks = (long)(_timeout.TotalSeconds * time.TimestampFrequency);
        _checkInterval = options.Value.ResponseTimeoutCheckInterval;
        _shards = new Shard[Math.Max(4, (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 2))];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard();
        }
    }

    public TimeSpan ResponseTimeout => _timeout;

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    count += shard.Count;
                }
            }

            return count;
        }
    }

    public void Start() =>
        _timer ??= _time.CreateTimer(static state => ((PendingCallTracker)state!).ExpireOverdue(), this, _checkInterval, _checkInterval);

    public void Track(GrainRequest request)
    {
        request.DeadlineTimestamp = _time.GetTimestamp() + _timeoutTicks;
        var index = Environment.CurrentManagedThreadId & (_shards.Length - 1);
        var shard = _shards[index];
        lock (shard)
        {
            request.PendingShard = index;
            request.PendingPrevious = shard.Tail;
            request.PendingNext = null;
            if (shard.Tail is null)
            {
                shard.Head = request;
            }
            else
            {
                shard.Tail.PendingNext = request;
            }

            shard.Tail = request;
            shard.Count++;
        }
    }

    public void Untrack(GrainRequest request)
    {
        var index = request.PendingShard;
        if (index < 0)
        {
            return;
        }

        var shard = _shards[index];
        lock (shard)
        {
            if (request.PendingShard >= 0)
            {
                Unlink(shard, request);
            }
        }
    }

    /// <summary>Fails every call whose deadline has passed. Runs on the sweep timer; tests may call it directly.</summary>
    public void ExpireOverdue()
    {
        var now = _time.GetTimestamp();
        List<GrainRequest>? overdue = null;
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                var node = shard.Head;
                while (node is not null)
                {
                    var next = node.PendingNext;
                    if (node.DeadlineTimestamp <= now)
                    {
                        Unlink(shard, node);
                        (overdue ??= []).Add(node);
                    }

                    node = next;
                }
            }
        }

        if (overdue is null)
        {
            return;
        }

        // Completing runs callers' continuations, so it happens outside the shard locks.
        foreach (var request in overdue)
        {
            request.TrySetException(new GrainCallTimeoutException(request.TargetGrainId, request.ToString(), _timeout));
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static void Unlink(Shard shard, GrainRequest request)
    {
        if (request.PendingPrevious is null)
        {
            shard.Head = request.PendingNext;
        }
        else
        {
            request.PendingPrevious.PendingNext = request.PendingNext;
        }

        if (request.PendingNext is null)
        {
            shard.Tail = request.PendingPrevious;
        }
        else
        {
            request.PendingNext.PendingPrevious = request.PendingPrevious;
        }

        request.PendingPrevious = null;
        request.PendingNext = null;
        request.PendingShard = -1;
        shard.Count--;
    }

    private sealed class Shard
    {
        public GrainRequest? Head;
        public GrainRequest? Tail;
        public int Count;
    }
}
