using System.Net.Sockets;
using Granary.Networking;
using Granary.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Runtime.Tests.Networking;

/// <summary>One connection over real loopback TCP: correlation, batching, back-pressure, failure, shutdown, handshake.</summary>
public sealed class ConnectionTests
{
    private static readonly TimeSpan Deadline = NetworkTestNode.Deadline;

    [Fact]
    public async Task A_hundred_thousand_requests_from_fifty_senders_all_get_their_own_response()
    {
        await using var listener = NetworkTestNode.StartListener("server", new EchoHandler());
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        const int Senders = 50;
        const int PerSender = 2_000;
        var mismatches = 0;

        var senders = new Task[Senders];
        for (var s = 0; s < Senders; s++)
        {
            var sender = s;
            senders[s] = Task.Run(async () =>
            {
                for (var i = 0; i < PerSender; i++)
                {
                    var value = (sender * PerSender) + i;
                    using var response = await connection.SendRequestAsync(NetworkTestNode.Request(value));
                    if (response.Kind != MessageKind.Response || BitConverter.ToInt32(response.Payload.Span) != value)
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            });
        }

        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, mismatches);
        Assert.Equal(0, connection.PendingRequestCount);
        Assert.Equal(Senders * PerSender, connection.MessagesSent);
        Assert.Equal(Senders * PerSender, connection.MessagesReceived);
        // Concurrent senders share flushes: many requests go out per socket write.
        Assert.True(connection.FlushCount < connection.MessagesSent, $"{connection.FlushCount} flushes for {connection.MessagesSent} messages");
    }

    [Fact]
    public async Task A_burst_of_small_messages_is_written_in_far_fewer_flushes()
    {
        var handler = new EchoHandler();
        await using var listener = NetworkTestNode.StartListener("server", handler);
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        const int Count = 20_000;

        for (var i = 0; i < Count; i++)
        {
            var message = new Message(MessageKind.OneWayRequest);
            message.SetPayload(BitConverter.GetBytes(i));
            await connection.SendAsync(message);
        }

        await Eventually.WaitUntilAsync(() => handler.OneWayReceived == Count, "every one-way message arrives", Deadline);
        Assert.Equal(Count, connection.MessagesSent);
        Assert.True(connection.FlushCount * 4 < Count, $"{connection.FlushCount} flushes for {Count} messages");
    }

    [Fact]
    public async Task A_peer_that_stops_reading_makes_senders_wait_with_bounded_memory_then_they_resume()
    {
        using var peer = new RawPeer();
        var options = NetworkTestNode.Options(o =>
        {
            o.SendQueueCapacity = 32;
            o.SendBufferLimit = 64 * 1024;
        });
        var accepting = AcceptWithHandshakeAsync(peer);
        await using var connection = await Connection.ConnectAsync(
            peer.EndPoint, "client", null, options, new EchoHandler(), NullLoggerFactory.Instance, null, CancellationToken.None);
        var peerSocket = await accepting;
        var payload = new byte[16 * 1024];

        // The peer reads nothing: the kernel buffers fill, then the output pipe, then the queue; then SendAsync waits.
        var accepted = 0;
        ValueTask blocked = default;
        var sawWait = false;
        while (accepted < 20_000)
        {
            var message = new Message(MessageKind.OneWayRequest);
            message.SetPayload(payload);
            blocked = connection.SendAsync(message);
            if (!blocked.IsCompleted)
            {
                // Give the writer a moment to free a slot; a send that stays pending is back-pressure.
                var first = blocked.AsTask();
                if (await Task.WhenAny(first, Task.Delay(200)) != first)
                {
                    sawWait = true;
                    blocked = new ValueTask(first);
                    break;
                }
            }

            accepted++;
        }

        Assert.True(sawWait, $"SendAsync never waited after {accepted} messages of 16 KiB");
        // Bounded: queue capacity + pipe limit + kernel socket buffers, far below 20,000 × 16 KiB.
        Assert.True(accepted < 5_000, $"{accepted} messages were accepted before SendAsync waited");

        // The peer starts reading again: the waiting send completes and later sends go through.
        var draining = RawPeer.DrainUntilClosedAsync(peerSocket);
        await blocked.AsTask().WaitAsync(Deadline);
        for (var i = 0; i < 100; i++)
        {
            var message = new Message(MessageKind.OneWayRequest);
            message.SetPayload(payload);
            await connection.SendAsync(message).AsTask().WaitAsync(Deadline);
        }

        await Eventually.WaitUntilAsync(() => connection.MessagesSent == accepted + 101, "every queued message is written", Deadline);
        // Close gracefully: what was written is flushed before the half-close, so the peer reads all of it.
        await connection.CloseAsync(TimeSpan.FromSeconds(1));
        var total = await draining.WaitAsync(Deadline);
        Assert.True(total >= (accepted + 101L) * payload.Length, $"the peer read {total} bytes");
    }

    [Fact]
    public async Task Killing_the_remote_fails_every_pending_request_at_once_with_a_typed_exception()
    {
        var holder = new HoldingHandler();
        var listener = NetworkTestNode.StartListener("server", holder);
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        var pending = new List<Task<Message>>();
        for (var i = 0; i < 100; i++)
        {
            pending.Add(connection.SendRequestAsync(NetworkTestNode.Request(i)).AsTask());
        }

        await Eventually.WaitUntilAsync(() => holder.HeldCount == 100, "the remote holds every request", Deadline);

        // As if the process died: listener and sockets go away without a Close frame.
        await listener.DisposeAsync();

        var all = Task.WhenAll(pending);
        await Assert.ThrowsAnyAsync<Exception>(() => all.WaitAsync(TimeSpan.FromSeconds(5)));
        foreach (var request in pending)
        {
            Assert.True(request.IsFaulted, "a request was still pending after the remote died");
            Assert.IsType<ConnectionLostException>(request.Exception!.InnerException);
        }

        await connection.Closed.WaitAsync(Deadline);
        Assert.IsType<ConnectionLostException>(connection.CloseReason);
        await Assert.ThrowsAsync<ConnectionLostException>(async () => await connection.SendRequestAsync(NetworkTestNode.Request(1)));
    }

    [Fact]
    public async Task Graceful_shutdown_of_the_remote_drains_in_flight_responses()
    {
        var holder = new HoldingHandler();
        var listener = NetworkTestNode.StartListener("server", holder);
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        var pending = new List<Task<Message>>();
        for (var i = 0; i < 20; i++)
        {
            pending.Add(connection.SendRequestAsync(NetworkTestNode.Request(i)).AsTask());
        }

        await Eventually.WaitUntilAsync(() => holder.HeldCount == 20, "the remote holds every request", Deadline);

        var shutdown = listener.ShutdownAsync();
        // The Close frame arrives: the client stops using the connection for new requests but keeps it open.
        await Eventually.WaitUntilAsync(() => !connection.IsUsable, "the client learns the remote is closing", Deadline);
        Assert.False(shutdown.IsCompleted);
        Assert.False(connection.Closed.IsCompleted);

        await holder.AnswerAllAsync();

        var responses = await Task.WhenAll(pending).WaitAsync(Deadline);
        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32(responses[i].Payload.Span));
        }

        await shutdown.WaitAsync(Deadline);
        await connection.Closed.WaitAsync(Deadline);
        Assert.Null(connection.CloseReason);
        await listener.DisposeAsync();
    }

    [Fact]
    public async Task Closing_gracefully_waits_for_own_requests_then_aborts_what_is_left_after_the_drain_timeout()
    {
        var holder = new HoldingHandler();
        await using var listener = NetworkTestNode.StartListener("server", holder);
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        var request = connection.SendRequestAsync(NetworkTestNode.Request(1)).AsTask();
        await Eventually.WaitUntilAsync(() => holder.HeldCount == 1, "the remote holds the request", Deadline);

        await connection.CloseAsync(TimeSpan.FromMilliseconds(100)).WaitAsync(Deadline);

        await Assert.ThrowsAsync<ConnectionLostException>(() => request.WaitAsync(Deadline));
        Assert.IsType<ConnectionLostException>(connection.CloseReason);
    }

    [Fact]
    public async Task A_remote_speaking_another_major_version_is_refused_with_a_clear_reason()
    {
        await using var listener = NetworkTestNode.StartListener("server", new EchoHandler());
        using var socket = await RawPeer.ConnectAsync(listener.LocalEndPoint!);
        var hello = new Message(MessageKind.Handshake);
        hello.Header.SendingSilo = "from-the-future";

        await RawPeer.SendFrameAsync(socket, hello, version: 0x20);

        using var answer = await RawPeer.ReceiveFrameAsync(socket).WaitAsync(Deadline);
        Assert.NotNull(answer);
        Assert.Equal(MessageKind.Rejection, answer.Kind);
        Assert.Contains("version 2.0", answer.GetPayloadText());
        Assert.Equal(0, await RawPeer.DrainUntilClosedAsync(socket).WaitAsync(Deadline));
        Assert.Equal(0, listener.ConnectionCount);
    }

    [Fact]
    public async Task Connecting_to_a_remote_of_another_major_version_fails_with_a_protocol_exception()
    {
        using var peer = new RawPeer();
        var fakeServer = Task.Run(async () =>
        {
            var socket = await peer.AcceptAsync();
            using var hello = await RawPeer.ReceiveFrameAsync(socket);
            var reply = new Message(MessageKind.Handshake);
            reply.Header.SendingSilo = "future-server";
            await RawPeer.SendFrameAsync(socket, reply, version: 0x21);
        });

        var error = await Assert.ThrowsAsync<ProtocolException>(() => Connection.ConnectAsync(
            peer.EndPoint, "client", null, NetworkTestNode.Options(), new EchoHandler(), NullLoggerFactory.Instance, null, CancellationToken.None));
        Assert.Contains("2.1", error.Message);
        await fakeServer.WaitAsync(Deadline);
    }

    [Fact]
    public async Task The_handshake_exchanges_identities_and_refuses_an_unexpected_one()
    {
        await using var listener = NetworkTestNode.StartListener("silo-b@2", new EchoHandler());
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        Assert.Equal("silo-b@2", connection.RemoteIdentity);
        await Eventually.WaitUntilAsync(() => listener.ConnectionCount == 1, "the listener registers the connection", Deadline);
        Assert.Equal("client", listener.GetConnections()[0].RemoteIdentity);

        var error = await Assert.ThrowsAsync<ProtocolException>(() => Connection.ConnectAsync(
            listener.LocalEndPoint!, "client", "silo-b@1", NetworkTestNode.Options(), new EchoHandler(), NullLoggerFactory.Instance, null, CancellationToken.None));
        Assert.Contains("silo-b@1", error.Message);
    }

    [Fact]
    public async Task A_protocol_violation_closes_the_connection()
    {
        await using var listener = NetworkTestNode.StartListener("server", new EchoHandler());
        using var socket = await RawPeer.ConnectAsync(listener.LocalEndPoint!);
        var hello = new Message(MessageKind.Handshake);
        await RawPeer.SendFrameAsync(socket, hello);
        using var reply = await RawPeer.ReceiveFrameAsync(socket).WaitAsync(Deadline);
        Assert.Equal(MessageKind.Handshake, reply!.Kind);

        // A length prefix far beyond the limit.
        await socket.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 0x10 }, SocketFlags.None);

        await RawPeer.DrainUntilClosedAsync(socket).WaitAsync(Deadline);
        await Eventually.WaitUntilAsync(() => listener.ConnectionCount == 0, "the listener drops the connection", Deadline);
    }

    [Fact]
    public async Task A_cancelled_request_stops_waiting_and_a_late_response_is_dropped()
    {
        var holder = new HoldingHandler();
        await using var listener = NetworkTestNode.StartListener("server", holder);
        await using var connection = await NetworkTestNode.ConnectAsync(listener);
        using var cancel = new CancellationTokenSource();
        var request = connection.SendRequestAsync(NetworkTestNode.Request(5), cancel.Token).AsTask();
        await Eventually.WaitUntilAsync(() => holder.HeldCount == 1, "the remote holds the request", Deadline);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Deadline));
        Assert.Equal(0, connection.PendingRequestCount);
        await holder.AnswerAllAsync();
        var nextRequest = connection.SendRequestAsync(NetworkTestNode.Request(6)).AsTask();
        await Eventually.WaitUntilAsync(() => holder.HeldCount == 1, "the remote holds the next request", Deadline);
        await holder.AnswerAllAsync();
        using var next = await nextRequest.WaitAsync(Deadline);
        Assert.Equal(6, BitConverter.ToInt32(next.Payload.Span));
    }

    [Fact]
    public async Task A_message_over_the_frame_limit_is_refused_and_the_connection_stays_usable()
    {
        var options = NetworkTestNode.Options(o => o.MaxFrameSize = 4096);
        await using var listener = NetworkTestNode.StartListener("server", new EchoHandler(), options);
        await using var connection = await NetworkTestNode.ConnectAsync(listener, options: options);
        var big = new Message(MessageKind.OneWayRequest);
        big.SetPayload(new byte[5000]);

        await Assert.ThrowsAsync<ProtocolException>(async () => await connection.SendAsync(big));

        using var response = await connection.SendRequestAsync(NetworkTestNode.Request(9)).AsTask().WaitAsync(Deadline);
        Assert.Equal(9, BitConverter.ToInt32(response.Payload.Span));
        Assert.Equal(0, connection.PendingRequestCount);
    }

    [Fact]
    public async Task A_probe_is_answered_by_the_remote_connection_itself()
    {
        await using var listener = NetworkTestNode.StartListener("server", new HoldingHandler());
        await using var connection = await NetworkTestNode.ConnectAsync(listener);

        Assert.True(await connection.ProbeAsync(Deadline));
    }

    private static async Task<Socket> AcceptWithHandshakeAsync(RawPeer peer)
    {
        var socket = await peer.AcceptAsync();
        using var hello = await RawPeer.ReceiveFrameAsync(socket);
        var reply = new Message(MessageKind.Handshake);
        reply.Header.SendingSilo = "raw-peer";
        await RawPeer.SendFrameAsync(socket, reply);
        return socket;
    }
}
