using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

/// <summary>
/// Outbound connections, keyed by remote endpoint. Connects lazily, keeps up to
/// <see cref="NetworkingOptions.ConnectionsPerPeer"/> connections per peer and spreads sends over them round-robin.
/// After a failed connect the peer is not tried again before a backoff (doubling up to
/// <see cref="NetworkingOptions.MaxReconnectBackoff"/>) has passed; meanwhile calls to it fail at once with
/// <see cref="SiloUnavailableException"/>. A lost connection is replaced on next use and reported through
/// <see cref="ConnectionClosed"/>; its pending requests have already failed with <see cref="ConnectionLostException"/>.
/// </summary>
internal sealed partial class ConnectionManager : IAsyncDisposable
{
    private readonly string _localIdentity;
    private readonly NetworkingOptions _options;
    private readonly IMessageHandler _handler;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<EndPoint, Peer> _peers = new();
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<EndPoint, int, Peer> _createPeer;
    private volatile bool _shuttingDown;

    public ConnectionManager(string localIdentity, NetworkingOptions options, IMessageHandler handler, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(localIdentity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _localIdentity = localIdentity;
        _options = options;
        _handler = handler;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ConnectionManager>();
        _time = timeProvider;
        _createPeer = static (remote, slots) => new Peer(remote, slots);
    }

    /// <summary>
    /// An outbound connection closed: the remote endpoint and why (null after an orderly close). Raised after the
    /// connection's pending requests failed; use it to fail calls tracked elsewhere, or to suspect the silo.
    /// </summary>
    public event Action<EndPoint, Exception?>? ConnectionClosed;

    /// <summary>Open outbound connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>A usable connection to <paramref name="remote"/>, connecting if needed. Fails with <see cref="SiloUnavailableException"/>.</summary>
    public ValueTask<Connection> GetConnectionAsync(EndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_shuttingDown)
        {
            throw new SiloUnavailableException($"Cannot connect to {remote}: this node's networking is shutting down.");
        }

        var peer = _peers.GetOrAdd(remote, _createPeer, _options.ConnectionsPerPeer);
        var slots = peer.Slots;
        var start = (int)((uint)Interlocked.Increment(ref peer.Next) % (uint)slots.Length);
        var picked = Volatile.Read(ref slots[start]);
        if (picked is { IsUsable: true })
        {
            return new ValueTask<Connection>(picked);
        }

        // The picked slot is empty: fill it in the background and use any other open connection meanwhile.
        for (var i = 1; i < slots.Length; i++)
        {
            var other = Volatile.Read(ref slots[(start + i) % slots.Length]);
            if (other is { IsUsable: true })
            {
                ConnectSlotOrFailAsync(peer, start, waitForIt: false).ContinueWith(
                    static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return new ValueTask<Connection>(other);
            }
        }

        return new ValueTask<Connection>(ConnectSlotOrFailAsync(peer, start, waitForIt: true).WaitAsync(cancellationToken));
    }

    /// <summary>Sends a request to <paramref name="remote"/> and waits for its response (see <see cref="Connection.SendRequestAsync"/>).</summary>
    public ValueTask<Message> SendRequestAsync(EndPoint remote, Message request, CancellationToken cancellationToken = default)
    {
        var connecting = GetConnectionAsync(remote, cancellationToken);
        return connecting.IsCompletedSuccessfully
            ? connecting.Result.SendRequestAsync(request, cancellationToken)
            : SendRequestWhenConnectedAsync(connecting, request, cancellationToken);
    }

    /// <summary>Sends a one-way message or a response to <paramref name="remote"/> (see <see cref="Connection.SendAsync"/>).</summary>
    public ValueTask SendAsync(EndPoint remote, Message message, CancellationToken cancellationToken = default)
    {
        var connecting = GetConnectionAsync(remote, cancellationToken);
        return connecting.IsCompletedSuccessfully
            ? connecting.Result.SendAsync(message, cancellationToken)
            : SendWhenConnectedAsync(connecting, message, cancellationToken);
    }

    /// <summary>Forgets the reconnect backoff of <paramref name="remote"/>, e.g. when membership says it is back.</summary>
    public void ResetBackoff(EndPoint remote)
    {
        if (_peers.TryGetValue(remote, out var peer))
        {
            lock (peer)
            {
                peer.Backoff = TimeSpan.Zero;
                peer.RetryAfterTimestamp = 0;
            }
        }
    }

    /// <summary>Closes every connection to <paramref name="remote"/> at once (e.g. membership declared it dead).</summary>
    public void Abort(EndPoint remote, Exception? reason = null)
    {
        foreach (var entry in _connections)
        {
            if (entry.Key.RemoteEndPoint.Equals(remote))
            {
                entry.Key.Abort(reason ?? new ConnectionLostException(remote, $"The connection to {remote} was closed by this node.", null));
            }
        }
    }

    /// <summary>
    /// Graceful shutdown: no new connections, then every connection closes gracefully (Close frame, drain up to
    /// <see cref="NetworkingOptions.ShutdownDrainTimeout"/>), and what is left is aborted.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        _shuttingDown = true;
        _stopping.Cancel();
        await Connection.CloseAllAsync(_connections.Keys, _options.ShutdownDrainTimeout, AbortAll, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _shuttingDown = true;
        _stopping.Cancel();
        AbortAll();
        foreach (var entry in _connections)
        {
            await entry.Key.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void AbortAll()
    {
        foreach (var entry in _connections)
        {
            entry.Key.Abort(new ConnectionLostException(entry.Key.RemoteEndPoint, $"The connection to {entry.Key.RemoteEndPoint} was aborted at shutdown.", null));
        }
    }

    private async ValueTask<Message> SendRequestWhenConnectedAsync(ValueTask<Connection> connecting, Message request, CancellationToken cancellationToken)
    {
        var connection = await connecting.ConfigureAwait(false);
        return await connection.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendWhenConnectedAsync(ValueTask<Connection> connecting, Message message, CancellationToken cancellationToken)
    {
        var connection = await connecting.ConfigureAwait(false);
        await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private Task<Connection> ConnectSlotOrFailAsync(Peer peer, int slot, bool waitForIt)
    {
        lock (peer)
        {
            var current = peer.Slots[slot];
            if (current is { IsUsable: true })
            {
                return Task.FromResult(current);
            }

            if (peer.Connecting[slot] is { } inProgress)
            {
                return inProgress;
            }

            if (peer.RetryAfterTimestamp != 0 && _time.GetTimestamp() < peer.RetryAfterTimestamp)
            {
                return waitForIt
                    ? Task.FromException<Connection>(new SiloUnavailableException(
                        $"{peer.Remote} is unreachable (last attempt: {peer.LastError?.Message}); the next attempt is allowed after a backoff of {peer.Backoff}."))
                    : Task.FromResult<Connection>(null!);
            }

            var connecting = ConnectAsync(peer, slot);
            if (!connecting.IsCompleted)
            {
                peer.Connecting[slot] = connecting;
            }

            return connecting;
        }
    }

    private async Task<Connection> ConnectAsync(Peer peer, int slot)
    {
        await Task.Yield();
        Connection connection;
        try
        {
            connection = await Connection.ConnectAsync(
                peer.Remote, _localIdentity, expectedRemoteIdentity: null, _options, _handler, _loggerFactory,
                closed => OnConnectionClosed(peer, slot, closed), _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            lock (peer)
            {
                peer.Connecting[slot] = null;
                peer.Backoff = peer.Backoff == TimeSpan.Zero ? _options.ReconnectBackoff : TimeSpan.FromTicks(Math.Min(peer.Backoff.Ticks * 2, _options.MaxReconnectBackoff.Ticks));
                peer.RetryAfterTimestamp = _time.GetTimestamp() + (long)(peer.Backoff.TotalSeconds * _time.TimestampFrequency);
                peer.LastError = e;
            }

            if (!_shuttingDown)
            {
                LogConnectFailed(_logger, e, peer.Remote, peer.Backoff);
            }

            throw new SiloUnavailableException($"Could not connect to {peer.Remote}: {e.Message}");
        }

        _connections.TryAdd(connection, 0);
        lock (peer)
        {
            peer.Connecting[slot] = null;
            peer.Slots[slot] = connection;
            peer.Backoff = TimeSpan.Zero;
            peer.RetryAfterTimestamp = 0;
            peer.LastError = null;
        }

        if (_shuttingDown || connection.Closed.IsCompleted)
        {
            _connections.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SiloUnavailableException($"Cannot connect to {peer.Remote}: this node's networking is shutting down.");
        }

        return connection;
    }

    private void OnConnectionClosed(Peer peer, int slot, Connection connection)
    {
        _connections.TryRemove(connection, out _);
        lock (peer)
        {
            if (ReferenceEquals(peer.Slots[slot], connection))
            {
                peer.Slots[slot] = null;
            }
        }

        ConnectionClosed?.Invoke(peer.Remote, connection.CloseReason);
    }

    private sealed class Peer(EndPoint remote, int slots)
    {
        public readonly EndPoint Remote = remote;
        public readonly Connection?[] Slots = new Connection?[slots];
        public readonly Task<Connection>?[] Connecting = new Task<Connection>?[slots];
        public int Next = -1;
        public TimeSpan Backoff;
        public long RetryAfterTimestamp;
        public Exception? LastError;
    }
}
