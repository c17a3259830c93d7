using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Granary.Networking;

internal sealed partial class Connection
{
    private bool _established;

    /// <summary>
    /// Connects to <paramref name="remote"/> and performs the handshake. If <paramref name="expectedRemoteIdentity"/>
    /// is given, a peer with another identity (say, a restarted silo of a later generation) is refused.
    /// Throws <see cref="SocketException"/> if nobody listens, <see cref="TimeoutException"/> after
    /// <see cref="NetworkingOptions.ConnectTimeout"/>, and <see cref="ProtocolException"/> if the handshake fails.
    /// <paramref name="onClosed"/> runs once when an established connection closes.
    /// </summary>
    public static async Task<Connection> ConnectAsync(
        EndPoint remote, string localIdentity, string? expectedRemoteIdentity, NetworkingOptions options, IMessageHandler handler,
        ILoggerFactory loggerFactory, Action<Connection>? onClosed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Connection? connection = null;
        try
        {
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            connection = new Connection(socket, isOutbound: true, localIdentity, options, handler, loggerFactory.CreateLogger<Connection>(), onClosed);
            await connection.HandshakeAsClientAsync(expectedRemoteIdentity, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {remote} did not complete within {options.ConnectTimeout} (Granary:Networking:ConnectTimeout).", e);
            }

            throw;
        }
    }

    /// <summary>
    /// Performs the server side of the handshake on an accepted socket. A peer of another major protocol version, or
    /// one that expected another identity, gets a Rejection frame with the reason and a <see cref="ProtocolException"/> is thrown.
    /// </summary>
    public static async Task<Connection> AcceptAsync(
        Socket socket, string localIdentity, NetworkingOptions options, IMessageHandler handler, ILoggerFactory loggerFactory,
        Action<Connection>? onClosed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        socket.NoDelay = true;
        var connection = new Connection(socket, isOutbound: false, localIdentity, options, handler, loggerFactory.CreateLogger<Connection>(), onClosed);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await connection.HandshakeAsServerAsync(timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The handshake from {connection.RemoteEndPoint} did not complete within {options.ConnectTimeout} (Granary:Networking:ConnectTimeout).", e);
            }

            throw;
        }
    }

    private async Task HandshakeAsClientAsync(string? expectedRemoteIdentity, CancellationToken cancellationToken)
    {
        StartPumps();
        var hello = new Message(MessageKind.Handshake);
        hello.Header.SendingSilo = LocalIdentity;
        hello.Header.TargetSilo = expectedRemoteIdentity ?? string.Empty;
        await WriteDirectAsync(hello, cancellationToken).ConfigureAwait(false);

        using var reply = await ReadHandshakeFrameAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Kind == MessageKind.Rejection)
        {
            throw new ProtocolException($"{RemoteEndPoint} refused the handshake: {reply.GetPayloadText()}");
        }

        if (reply.Kind != MessageKind.Handshake)
        {
            throw new ProtocolException($"{RemoteEndPoint} answered the handshake with a {reply.Kind} frame.");
        }

        if (!string.IsNullOrEmpty(expectedRemoteIdentity) && reply.Header.SendingSilo != expectedRemoteIdentity)
        {
            throw new ProtocolException($"{RemoteEndPoint} is '{reply.Header.SendingSilo}', not the expected '{expectedRemoteIdentity}'.");
        }

        Establish(reply.Header.SendingSilo);
    }

    private async Task HandshakeAsServerAsync(CancellationToken cancellationToken)
    {
        StartPumps();
        Message hello;
        try
        {
            hello = await ReadHandshakeFrameAsync(cancellationToken).ConfigureAwait(false);
            if (hello.Kind != MessageKind.Handshake)
            {
                hello.Dispose();
                throw new ProtocolException($"Expected a Handshake frame first, got {hello.Kind}.");
            }

            if (hello.Header.TargetSilo.Length > 0 && hello.Header.TargetSilo != LocalIdentity)
            {
                hello.Dispose();
                throw new ProtocolException($"The peer expected '{hello.Header.TargetSilo}', but this is '{LocalIdentity}'.");
            }
        }
        catch (ProtocolException e)
        {
            LogHandshakeRejected(_logger, RemoteEndPoint, e.Message);
            var rejection = new Message(MessageKind.Rejection);
            rejection.Header.Status = ResponseStatus.Unavailable;
            rejection.Header.SendingSilo = LocalIdentity;
            rejection.SetPayload(System.Text.Encoding.UTF8.GetBytes(e.Message));
            await WriteDirectAsync(rejection, cancellationToken).ConfigureAwait(false);
            _output.Writer.Complete();
            await _sendPump.WaitAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }

        using (hello)
        {
            var reply = new Message(MessageKind.Handshake);
            reply.Header.SendingSilo = LocalIdentity;
            reply.Header.TargetSilo = hello.Header.SendingSilo;
            await WriteDirectAsync(reply, cancellationToken).ConfigureAwait(false);
            Establish(hello.Header.SendingSilo);
        }
    }

    private void Establish(string remoteIdentity)
    {
        RemoteIdentity = remoteIdentity;
        _established = true;
        StartLoops();
        LogEstablished(_logger, IsOutbound ? "Outbound" : "Inbound", LocalEndPoint, RemoteEndPoint, RemoteIdentity);
    }

    /// <summary>Writes a frame before the write loop runs (handshake only).</summary>
    private async Task WriteDirectAsync(Message message, CancellationToken cancellationToken)
    {
        using (message)
        {
            FrameEncoder.Write(_output.Writer, message, _options.MaxFrameSize);
        }

        await _output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Message> ReadHandshakeFrameAsync(CancellationToken cancellationToken)
    {
        var reader = _input.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (_decoder.TryDecode(ref buffer, out var message))
                {
                    return message!;
                }

                if (result.IsCompleted)
                {
                    throw new ConnectionLostException(RemoteEndPoint, $"{RemoteEndPoint} closed the connection during the handshake.", null);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }
}
