using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

/// <summary>
/// Accepts connections on <see cref="NetworkingOptions.BindAddress"/>:<see cref="NetworkingOptions.Port"/>
/// (port 0 picks a free one; see <see cref="LocalEndPoint"/>), performs the server side of the handshake and
/// hands the requests of every accepted connection to one <see cref="IMessageHandler"/>.
/// </summary>
internal sealed partial class ConnectionListener : IAsyncDisposable
{
    private readonly string _localIdentity;
    private readonly NetworkingOptions _options;
    private readonly IMessageHandler _handler;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _handshakes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<Connection> _onConnectionClosed;
    private Socket? _listenSocket;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    public ConnectionListener(string localIdentity, NetworkingOptions options, IMessageHandler handler, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(localIdentity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _localIdentity = localIdentity;
        _options = options;
        _handler = handler;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ConnectionListener>();
        _onConnectionClosed = connection => _connections.TryRemove(connection, out _);
    }

    /// <summary>The endpoint actually bound (with the chosen port when the option was 0); null before <see cref="Start"/>.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Established inbound connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Raised for every connection that completed its handshake (on the accepting thread; keep it short).</summary>
    public event Action<Connection>? ConnectionAccepted;

    /// <summary>A snapshot of the established inbound connections.</summary>
    public List<Connection> GetConnections()
    {
        var list = new List<Connection>(_connections.Count);
        foreach (var entry in _connections)
        {
            list.Add(entry.Key);
        }

        return list;
    }

    /// <summary>Binds and starts accepting. Throws <see cref="SocketException"/> if the address is in use.</summary>
    public void Start()
    {
        if (_listenSocket is not null)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        var endPoint = new IPEndPoint(IPAddress.Parse(_options.BindAddress), _options.Port);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Lets a restarted silo bind its port again while connections of its previous life sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listenSocket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        LogStarted(_logger, LocalEndPoint, _localIdentity);
        _acceptLoop = AcceptLoopAsync(socket);
    }

    /// <summary>Stops accepting new connections; established ones stay open.</summary>
    public void StopAccepting()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _listenSocket?.Dispose();
        if (LocalEndPoint is not null)
        {
            LogStopped(_logger, LocalEndPoint);
        }
    }

    /// <summary>
    /// Graceful shutdown: stops accepting, then closes every connection gracefully (Close frame, drain of in-flight
    /// requests and responses up to <see cref="NetworkingOptions.ShutdownDrainTimeout"/>), aborting what is left.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        StopAccepting();
        await _acceptLoop.ConfigureAwait(false);
        await WaitForHandshakesAsync().ConfigureAwait(false);
        await Connection.CloseAllAsync(_connections.Keys, _options.ShutdownDrainTimeout, Abort, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting and aborts every connection at once, as if the process died.</summary>
    public void Abort()
    {
        StopAccepting();
        foreach (var entry in _connections)
        {
            entry.Key.Abort(new ConnectionLostException(entry.Key.RemoteEndPoint, $"The listener at {LocalEndPoint} was aborted.", null));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _acceptLoop.ConfigureAwait(false);
        await WaitForHandshakesAsync().ConfigureAwait(false);
        foreach (var entry in _connections)
        {
            await entry.Key.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listenSocket)
    {
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listenSocket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                // A connection reset before it was accepted; keep accepting.
                LogAcceptFailed(_logger, e, LocalEndPoint!);
                continue;
            }

            var handshake = HandshakeAsync(accepted);
            _handshakes.TryAdd(handshake, 0);
            _ = handshake.ContinueWith(
                static (task, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(task, out _),
                _handshakes, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandshakeAsync(Socket socket)
    {
        Connection connection;
        try
        {
            connection = await Connection.AcceptAsync(socket, _localIdentity, _options, _handler, _loggerFactory, _onConnectionClosed, _stopping.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (!_stopping.IsCancellationRequested)
            {
                LogAcceptFailed(_logger, e, LocalEndPoint!);
            }

            return;
        }

        _connections.TryAdd(connection, 0);
        if (_stopping.IsCancellationRequested || connection.Closed.IsCompleted)
        {
            // Raced with shutdown (or closed already): do not keep it.
            _connections.TryRemove(connection, out _);
            await connection.CloseAsync(_options.ShutdownDrainTimeout).ConfigureAwait(false);
            return;
        }

        ConnectionAccepted?.Invoke(connection);
    }

    private async Task WaitForHandshakesAsync()
    {
        foreach (var entry in _handshakes)
        {
            await entry.Key.ConfigureAwait(false);
        }
    }
}
