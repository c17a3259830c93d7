using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Granary.Networking;

internal sealed partial class Connection
{
    private readonly List<ArraySegment<byte>> _sendSegments = [];

    private void StartPumps()
    {
        _receivePump = ReceivePumpAsync();
        _sendPump = SendPumpAsync();
    }

    private void StartLoops()
    {
        _readLoop = ReadLoopAsync();
        _writeLoop = WriteLoopAsync();
    }

    /// <summary>Socket → input pipe. The pipe's pause threshold stops reading from the socket when the reader lags.</summary>
    private async Task ReceivePumpAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(SegmentSize);
                var received = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        await writer.CompleteAsync(error).ConfigureAwait(false);
    }

    /// <summary>Output pipe → socket: everything flushed since the last send goes out in one (gathering) send.</summary>
    private async Task SendPumpAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    await SendAllAsync(buffer).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            if (Volatile.Read(ref _state) != StateClosed)
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e)
        {
            error = e;
            Abort(new ConnectionLostException(RemoteEndPoint, $"Sending to {RemoteEndPoint} ({RemoteIdentity}) failed: {e.Message}", e));
        }

        await reader.CompleteAsync(error).ConfigureAwait(false);
    }

    private async ValueTask SendAllAsync(ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int sent;
            if (buffer.IsSingleSegment)
            {
                sent = await _socket.SendAsync(buffer.First, SocketFlags.None).ConfigureAwait(false);
            }
            else
            {
                _sendSegments.Clear();
                foreach (var segment in buffer)
                {
                    if (!MemoryMarshal.TryGetArray(segment, out var array))
                    {
                        throw new InvalidOperationException("Pipe memory is expected to be array-backed.");
                    }

                    _sendSegments.Add(array);
                }

                sent = await _socket.SendAsync(_sendSegments, SocketFlags.None).ConfigureAwait(false);
            }

            buffer = buffer.Slice(sent);
        }
    }

    /// <summary>Input pipe → messages: decodes every complete frame and dispatches it.</summary>
    private async Task ReadLoopAsync()
    {
        var reader = _input.Reader;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (_decoder.TryDecode(ref buffer, out var message))
                    {
                        Dispatch(message!);
                    }

                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                        {
                            throw new ProtocolException($"The connection ended inside a frame ({buffer.Length} bytes left over).");
                        }

                        break;
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (ProtocolException e)
        {
            LogProtocolViolation(_logger, e, RemoteEndPoint, RemoteIdentity);
            failure = new ConnectionLostException(RemoteEndPoint, $"The connection to {RemoteEndPoint} ({RemoteIdentity}) broke the protocol: {e.Message}", e);
        }
        catch (Exception e)
        {
            failure = new ConnectionLostException(RemoteEndPoint, $"The connection to {RemoteEndPoint} ({RemoteIdentity}) was lost: {e.Message}", e);
        }

        await reader.CompleteAsync().ConfigureAwait(false);

        // The peer closed its side. After a Close frame (theirs or ours) that is the orderly end.
        if (failure is null && !_remoteClosing && Volatile.Read(ref _state) != StateClosing)
        {
            failure = new ConnectionLostException(RemoteEndPoint, $"The connection to {RemoteEndPoint} ({RemoteIdentity}) was closed by the remote.", null);
        }

        Abort(failure);
    }

    private void Dispatch(Message message)
    {
        _messagesReceived++;
        switch (message.Kind)
        {
            case MessageKind.Request:
                Interlocked.Increment(ref _inboundPending);
                Deliver(message);
                break;
            case MessageKind.OneWayRequest:
                Deliver(message);
                break;
            case MessageKind.Response or MessageKind.Rejection or MessageKind.ProbeResponse:
                if (!_correlator.TryComplete(message))
                {
                    // Its caller gave up (cancelled) or the id is unknown: nobody will read it.
                    message.Dispose();
                }

                CheckDrained();
                break;
            case MessageKind.Probe:
                var answer = message.CreateResponse();
                answer.Header.Kind = MessageKind.ProbeResponse;
                answer.Header.SendingSilo = LocalIdentity;
                message.Dispose();
                EnqueueControl(answer);
                break;
            case MessageKind.Close:
                _remoteClosing = true;
                LogRemoteClosing(_logger, RemoteEndPoint, RemoteIdentity);
                message.Dispose();
                break;
            default:
                message.Dispose();
                throw new ProtocolException($"Unexpected {message.Kind} frame after the handshake.");
        }
    }

    private void Deliver(Message message)
    {
        try
        {
            _handler.OnMessageReceived(this, message);
        }
        catch (Exception e)
        {
            LogHandlerFailed(_logger, e, message.Kind, RemoteEndPoint, RemoteIdentity);
            if (message.Kind == MessageKind.Request)
            {
                // Answer at once so the caller fails now rather than at its timeout.
                Interlocked.Decrement(ref _inboundPending);
                var rejection = message.CreateRejection($"The receiver failed to accept the request: {e.Message}");
                rejection.Header.SendingSilo = LocalIdentity;
                EnqueueControl(rejection);
                CheckDrained();
            }
        }
    }

    /// <summary>Send queue → output pipe: encodes everything queued, then flushes once, so small messages share a send.</summary>
    private async Task WriteLoopAsync()
    {
        var queue = _sendQueue.Reader;
        var writer = _output.Writer;
        Exception? error = null;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                long bytes = 0;
                var count = 0;
                var permits = 0;
                while (bytes < _options.SendBufferLimit && queue.TryRead(out var message))
                {
                    bytes += FrameEncoder.Write(writer, message, _options.MaxFrameSize);
                    if (message.HoldsSendPermit)
                    {
                        permits++;
                    }

                    message.Dispose();
                    count++;
                }

                if (permits > 0)
                {
                    _sendCapacity.Release(permits);
                }

                Volatile.Write(ref _messagesSent, _messagesSent + count);
                Volatile.Write(ref _flushCount, _flushCount + 1);

                // Waits here while the output pipe is over its limit (the peer does not read): the queue then
                // fills up and SendAsync starts to wait. That is the back-pressure.
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
            Abort(new ConnectionLostException(RemoteEndPoint, $"Writing to {RemoteEndPoint} ({RemoteIdentity}) failed: {e.Message}", e));
        }

        _sendQueue.Writer.TryComplete();
        while (queue.TryRead(out var left))
        {
            left.Dispose();
        }

        await writer.CompleteAsync(error).ConfigureAwait(false);
    }
}
