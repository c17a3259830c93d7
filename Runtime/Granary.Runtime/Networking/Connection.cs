using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

/// <summary>
/// One TCP connection to a peer, after a handshake that exchanged protocol version and node identity.
/// Both sides may send requests; each side correlates its own. Four loops run per connection:
/// socket → input pipe (receive pump), input pipe → decoded messages (read loop), send queue → output pipe (write
/// loop, which encodes every queued message and flushes once per batch), output pipe → socket (send pump).
/// Closing is graceful first (<see cref="CloseAsync"/>: Close frame, drain, FIN) and abortive for what is left
/// (<see cref="Abort"/>: the socket is disposed and every pending request fails with <see cref="ConnectionLostException"/>).
/// </summary>
internal sealed partial class Connection : IAsyncDisposable
{
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;
    private const int SegmentSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly NetworkingOptions _options;
    private readonly IMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly FrameDecoder _decoder;
    private readonly Channel<Message> _sendQueue;
    private readonly SemaphoreSlim _sendCapacity;
    private readonly MessageCorrelator _correlator = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<Connection>? _onClosed;
    private Task _receivePump = Task.CompletedTask;
    private Task _sendPump = Task.CompletedTask;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _state;
    private int _inboundPending;
    private volatile bool _remoteClosing;
    private Exception? _closeReason;
    private long _flushCount;
    private long _messagesSent;
    private long _messagesReceived;

    private Connection(
        Socket socket, bool isOutbound, string localIdentity, NetworkingOptions options, IMessageHandler handler,
        ILogger logger, Action<Connection>? onClosed)
    {
        _socket = socket;
        _options = options;
        _handler = handler;
        _logger = logger;
        _onClosed = onClosed;
        IsOutbound = isOutbound;
        LocalIdentity = localIdentity;
        RemoteEndPoint = socket.RemoteEndPoint!;
        LocalEndPoint = socket.LocalEndPoint!;
        _decoder = new FrameDecoder(options.MaxFrameSize);

        // The input pipe must hold a whole frame before the reader can take it, so it pauses only beyond the frame limit.
        var inputPause = (long)options.MaxFrameSize + WireFormat.LengthPrefixSize + SegmentSize;
        _input = new Pipe(new PipeOptions(
            pauseWriterThreshold: inputPause, resumeWriterThreshold: inputPause / 2, minimumSegmentSize: SegmentSize,
            readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.SendBufferLimit, resumeWriterThreshold: options.SendBufferLimit / 2, minimumSegmentSize: SegmentSize,
            readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));

        // Unbounded channel, bounded by the semaphore: control frames (probe answers, Close) must never wait behind
        // application messages, and the read loop must never block on a full queue.
        _sendQueue = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions
        {
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _sendCapacity = new SemaphoreSlim(options.SendQueueCapacity);
    }

    public EndPoint RemoteEndPoint { get; }

    public EndPoint LocalEndPoint { get; }

    /// <summary>True if this side connected; false if it was accepted by a listener.</summary>
    public bool IsOutbound { get; }

    public string LocalIdentity { get; }

    /// <summary>The peer's node identity, learned in the handshake.</summary>
    public string RemoteIdentity { get; private set; } = string.Empty;

    /// <summary>Completes when the connection is closed, gracefully or not.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection closed; null while open or after a graceful close.</summary>
    public Exception? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Open, and neither side has started closing: new requests may use it.</summary>
    public bool IsUsable => Volatile.Read(ref _state) == StateOpen && !_remoteClosing;

    /// <summary>Requests sent over this connection that are still waiting for their response.</summary>
    public int PendingRequestCount => _correlator.Count;

    /// <summary>Requests received over this connection not yet answered.</summary>
    public int InboundPendingCount => Volatile.Read(ref _inboundPending);

    /// <summary>Frames written to the socket. With <see cref="FlushCount"/>, shows how well sends batch.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);

    public long MessagesReceived => Volatile.Read(ref _messagesReceived);

    /// <summary>Batches flushed to the socket (each one send call, usually one syscall).</summary>
    public long FlushCount => Volatile.Read(ref _flushCount);

    /// <summary>
    /// Closes every connection of a node gracefully at once (Close frame, drain up to <paramref name="drainTimeout"/>);
    /// if <paramref name="cancellationToken"/> fires first, <paramref name="abortRest"/> cuts what is left.
    /// </summary>
    internal static async Task CloseAllAsync(
        ICollection<Connection> connections, TimeSpan drainTimeout, Action abortRest, CancellationToken cancellationToken)
    {
        var closing = new List<Task>(connections.Count);
        foreach (var connection in connections)
        {
            closing.Add(connection.CloseAsync(drainTimeout, cancellationToken));
        }

        try
        {
            await Task.WhenAll(closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            abortRest();
        }
    }

    /// <summary>
    /// Queues <paramref name="message"/> for sending; the connection owns it from now on and disposes it once written.
    /// Completes at once unless the send queue is full (back-pressure), in which case it waits for room.
    /// Throws <see cref="ProtocolException"/> if the message exceeds the frame limit and
    /// <see cref="ConnectionLostException"/> if the connection is closed.
    /// </summary>
    public ValueTask SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        FrameEncoder.Measure(message, _options.MaxFrameSize);
        if (Volatile.Read(ref _state) == StateClosed)
        {
            throw CreateClosedException(notDelivered: true);
        }

        if (_sendCapacity.Wait(0, CancellationToken.None))
        {
            Enqueue(message);
            return default;
        }

        return SendWhenRoomAsync(message, cancellationToken);
    }

    /// <summary>
    /// Sends a request (or probe) with a fresh correlation id and waits for the matching Response, Rejection or
    /// ProbeResponse, which the caller then owns. Fails with <see cref="ConnectionLostException"/> as soon as the
    /// connection closes, and with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public ValueTask<Message> SendRequestAsync(Message request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = _correlator.Register(request, cancellationToken);
        ValueTask send;
        try
        {
            send = SendAsync(request, cancellationToken);
        }
        catch
        {
            _correlator.Abandon(pending);
            throw;
        }

        return send.IsCompletedSuccessfully ? pending.AsValueTask() : AwaitSendThenResponseAsync(send, pending);
    }

    /// <summary>Sends a Probe and waits up to <paramref name="timeout"/> for its answer; false on timeout or a lost connection.</summary>
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var probe = new Message(MessageKind.Probe);
        probe.Header.SendingSilo = LocalIdentity;
        probe.Header.TargetSilo = RemoteIdentity;
        try
        {
            using var answer = await SendRequestAsync(probe, timeoutSource.Token).ConfigureAwait(false);
            return answer.Kind == MessageKind.ProbeResponse;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (GranaryException)
        {
            return false;
        }
    }

    /// <summary>
    /// Closes gracefully: tells the peer (Close frame) so it stops sending new requests here, waits until every
    /// request sent and received over this connection is answered (at most <paramref name="drainTimeout"/>), writes
    /// out what is queued, half-closes, and waits for the peer to close its side. Whatever is left then is aborted.
    /// </summary>
    public async Task CloseAsync(TimeSpan drainTimeout, CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateOpen) != StateOpen)
        {
            await _closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        LogClosing(_logger, RemoteEndPoint, RemoteIdentity, PendingRequestCount, InboundPendingCount);
        var close = new Message(MessageKind.Close);
        close.Header.SendingSilo = LocalIdentity;
        EnqueueControl(close);
        CheckDrained();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(drainTimeout);
        try
        {
            await _drained.Task.WaitAsync(timeoutSource.Token).ConfigureAwait(false);

            // The write loop writes out what is queued, then completes the output; the send pump half-closes (FIN).
            // The peer answers with its own FIN, which ends our read loop and closes the connection.
            _sendQueue.Writer.TryComplete();
            await _closed.Task.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(_logger, RemoteEndPoint, RemoteIdentity, drainTimeout, PendingRequestCount, InboundPendingCount);
            Abort(new ConnectionLostException(RemoteEndPoint, $"The connection to {RemoteEndPoint} ({RemoteIdentity}) did not drain within {drainTimeout} and was aborted.", null));
        }
    }

    /// <summary>Closes at once: disposes the socket and fails every pending request. Null <paramref name="reason"/> means an orderly close.</summary>
    public void Abort(Exception? reason)
    {
        if (Interlocked.Exchange(ref _state, StateClosed) == StateClosed)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        _aborted.Cancel();
        _sendQueue.Writer.TryComplete();
        _socket.Dispose();
        _correlator.FailAll(reason as ConnectionLostException ?? CreateClosedException(notDelivered: false));
        _drained.TrySetResult();
        if (reason is null)
        {
            LogClosed(_logger, RemoteEndPoint, RemoteIdentity);
        }
        else
        {
            LogConnectionLost(_logger, reason, RemoteEndPoint, RemoteIdentity);
        }

        try
        {
            if (_established)
            {
                _onClosed?.Invoke(this);
            }
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    /// <summary>Aborts (if still open) and waits for the loops to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        Abort(CloseReason ?? new ConnectionLostException(RemoteEndPoint, $"The connection to {RemoteEndPoint} ({RemoteIdentity}) was disposed.", null));
        if (!_established)
        {
            // The loops that would complete the pipes never started (failed handshake).
            await _output.Writer.CompleteAsync().ConfigureAwait(false);
            await _input.Reader.CompleteAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_receivePump, _sendPump, _readLoop, _writeLoop).ConfigureAwait(false);
    }

    public override string ToString() => $"{(IsOutbound ? "to" : "from")} {RemoteEndPoint} ({RemoteIdentity})";

    private async ValueTask SendWhenRoomAsync(Message message, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        try
        {
            await _sendCapacity.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CreateClosedException(notDelivered: true);
        }

        Enqueue(message);
    }

    private async ValueTask<Message> AwaitSendThenResponseAsync(ValueTask send, PendingRequest pending)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch
        {
            _correlator.Abandon(pending);
            throw;
        }

        return await pending.AsValueTask().ConfigureAwait(false);
    }

    private void Enqueue(Message message)
    {
        message.HoldsSendPermit = true;
        if (!_sendQueue.Writer.TryWrite(message))
        {
            message.HoldsSendPermit = false;
            _sendCapacity.Release();
            throw CreateClosedException(notDelivered: true);
        }

        if (message.Kind is MessageKind.Response or MessageKind.Rejection)
        {
            Interlocked.Decrement(ref _inboundPending);
            CheckDrained();
        }
    }

    /// <summary>Queues a frame of the connection itself, bypassing the bound; dropped if the connection is closed.</summary>
    private void EnqueueControl(Message message)
    {
        FrameEncoder.Measure(message, _options.MaxFrameSize);
        if (!_sendQueue.Writer.TryWrite(message))
        {
            message.Dispose();
        }
    }

    private void CheckDrained()
    {
        if (Volatile.Read(ref _state) == StateClosing && Volatile.Read(ref _inboundPending) <= 0 && _correlator.Count == 0)
        {
            _drained.TrySetResult();
        }
    }

    private ConnectionLostException CreateClosedException(bool notDelivered) =>
        new(RemoteEndPoint, $"The connection to {RemoteEndPoint} ({RemoteIdentity}) is closed.", CloseReason) { NotDelivered = notDelivered };
}
