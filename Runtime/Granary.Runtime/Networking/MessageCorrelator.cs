using System.Numerics;

namespace Granary.Networking;

/// <summary>
/// Maps correlation ids of requests sent over one connection to their waiting callers. A response completes its
/// caller; when the connection closes, <see cref="FailAll"/> fails every waiting caller at once, which is what makes
/// a call to a dead silo fail fast instead of waiting for its timeout. Sharded locks keep concurrent senders apart.
/// </summary>
internal sealed class MessageCorrelator
{
    private const int MaxPooled = 256;

    private readonly Shard[] _shards;
    private readonly Stack<PendingRequest> _pool = new();
    private long _nextId;
    private int _count;
    private volatile Exception? _closedWith;

    public MessageCorrelator()
    {
        _shards = new Shard[Math.Max(4, (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 2))];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard();
        }
    }

    /// <summary>Requests still waiting for an answer.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Gives <paramref name="request"/> a fresh correlation id and starts waiting for its answer.
    /// Throws the close reason if the connection is already closed.
    /// </summary>
    public PendingRequest Register(Message request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = Rent();
        var id = Interlocked.Increment(ref _nextId);
        request.Header.CorrelationId = id;
        var shard = ShardOf(id);
        lock (shard)
        {
            if (_closedWith is { } closed)
            {
                Return(pending);
                throw closed;
            }

            shard.Pending.Add(id, pending);
            Interlocked.Increment(ref _count);
        }

        pending.Start(id, cancellationToken);
        return pending;
    }

    /// <summary>Completes the caller waiting for <paramref name="response"/>; false if none waits (late or unknown answer).</summary>
    public bool TryComplete(Message response)
    {
        var pending = Remove(response.CorrelationId);
        if (pending is null)
        {
            return false;
        }

        pending.SetResult(response);
        return true;
    }

    public bool TryFail(long correlationId, Exception exception)
    {
        var pending = Remove(correlationId);
        if (pending is null)
        {
            return false;
        }

        pending.SetException(exception);
        return true;
    }

    /// <summary>Drops a registration whose request could not be sent; the caller gets the send's exception instead.</summary>
    public void Abandon(PendingRequest pending)
    {
        if (Remove(pending.CorrelationId) is not null)
        {
            pending.Reset();
            Return(pending);
        }
    }

    /// <summary>Fails every waiting caller with <paramref name="exception"/>, and every later <see cref="Register"/> too.</summary>
    public void FailAll(Exception exception)
    {
        _closedWith ??= exception;
        List<PendingRequest>? failed = null;
        foreach (var shard in _shards)
        {
            lock (shard)
            {
                if (shard.Pending.Count == 0)
                {
                    continue;
                }

                failed ??= [];
                foreach (var pending in shard.Pending.Values)
                {
                    failed.Add(pending);
                }

                Interlocked.Add(ref _count, -shard.Pending.Count);
                shard.Pending.Clear();
            }
        }

        if (failed is null)
        {
            return;
        }

        // Continuations run asynchronously, so completing outside the locks cannot re-enter them.
        foreach (var pending in failed)
        {
            pending.SetException(exception);
        }
    }

    internal void Return(PendingRequest pending)
    {
        lock (_pool)
        {
            if (_pool.Count < MaxPooled)
            {
                _pool.Push(pending);
            }
        }
    }

    private PendingRequest Rent()
    {
        lock (_pool)
        {
            if (_pool.TryPop(out var pending))
            {
                return pending;
            }
        }

        return new PendingRequest(this);
    }

    private PendingRequest? Remove(long correlationId)
    {
        var shard = ShardOf(correlationId);
        lock (shard)
        {
            if (!shard.Pending.Remove(correlationId, out var pending))
            {
                return null;
            }

            Interlocked.Decrement(ref _count);
            return pending;
        }
    }

    private Shard ShardOf(long id) => _shards[(int)id & (_shards.Length - 1)];

    private sealed class Shard
    {
        public readonly Dictionary<long, PendingRequest> Pending = [];
    }
}
