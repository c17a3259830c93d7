using System.Collections.Concurrent;
using System.Net;
using Granary.Networking;
using Granary.Testing;

namespace Granary.Runtime.Tests.Networking;

/// <summary>Outbound connections per peer: lazy connect, round-robin, loss reporting, backoff and reconnect, shutdown.</summary>
public sealed class ConnectionManagerTests
{
    private static readonly TimeSpan Deadline = NetworkTestNode.Deadline;

    [Fact]
    public async Task Requests_go_over_lazily_opened_connections_spread_round_robin()
    {
        await using var listener = NetworkTestNode.StartListener("server", new EchoHandler());
        await using var manager = NetworkTestNode.Manager(options: NetworkTestNode.Options(o => o.ConnectionsPerPeer = 2));
        Assert.Equal(0, manager.ConnectionCount);

        var used = new HashSet<Connection>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await manager.SendRequestAsync(listener.LocalEndPoint!, NetworkTestNode.Request(i)).AsTask().WaitAsync(Deadline);
            Assert.Equal(i, BitConverter.ToInt32(response.Payload.Span));
            used.Add(await manager.GetConnectionAsync(listener.LocalEndPoint!));
        }

        Assert.Equal(2, manager.ConnectionCount);
        Assert.Equal(2, used.Count);
    }

    [Fact]
    public async Task A_dead_peer_is_reported_its_requests_fail_fast_and_the_manager_reconnects_when_it_is_back()
    {
        var holder = new HoldingHandler();
        var first = NetworkTestNode.StartListener("server@1", holder);
        var endPoint = first.LocalEndPoint!;
        await using var manager = NetworkTestNode.Manager();
        var closed = new ConcurrentQueue<(EndPoint Remote, Exception? Error)>();
        manager.ConnectionClosed += (remote, error) => closed.Enqueue((remote, error));

        var pending = manager.SendRequestAsync(endPoint, NetworkTestNode.Request(1)).AsTask();
        await Eventually.WaitUntilAsync(() => holder.HeldCount == 1, "the remote holds the request", Deadline);
        await first.DisposeAsync();

        await Assert.ThrowsAsync<ConnectionLostException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
        await Eventually.WaitUntilAsync(() => !closed.IsEmpty, "the loss is reported", Deadline);
        Assert.True(closed.TryPeek(out var report));
        Assert.Equal(endPoint, report.Remote);
        Assert.IsType<ConnectionLostException>(report.Error);
        Assert.Equal(0, manager.ConnectionCount);

        // Nobody listens: calls fail at once with the typed exception (connection refused, then backoff).
        await Assert.ThrowsAsync<SiloUnavailableException>(async () => await manager.SendRequestAsync(endPoint, NetworkTestNode.Request(2)));

        // The peer comes back on the same port; after the backoff the manager connects again.
        await using var second = NetworkTestNode.StartListener("server@2", new EchoHandler(), NetworkTestNode.Options(o => o.Port = endPoint.Port));
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await manager.SendRequestAsync(endPoint, NetworkTestNode.Request(3));
                    return BitConverter.ToInt32(response.Payload.Span) == 3;
                }
                catch (SiloUnavailableException)
                {
                    return false;
                }
            },
            "a request succeeds after the peer is back",
            Deadline);
        Assert.Equal("server@2", (await manager.GetConnectionAsync(endPoint)).RemoteIdentity);
    }

    [Fact]
    public async Task A_peer_that_refuses_connections_fails_fast_and_is_not_hammered()
    {
        var closedPort = FreeLoopbackEndPoint();
        await using var manager = NetworkTestNode.Manager(options: NetworkTestNode.Options(o =>
        {
            o.ReconnectBackoff = TimeSpan.FromMinutes(1);
            o.MaxReconnectBackoff = TimeSpan.FromMinutes(1);
        }));

        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(async () => await manager.GetConnectionAsync(closedPort));
        Assert.Contains(closedPort.ToString(), refused.Message);

        // Within the backoff no connect is attempted: the failure is immediate and says so.
        var backedOff = await Assert.ThrowsAsync<SiloUnavailableException>(async () => await manager.GetConnectionAsync(closedPort));
        Assert.Contains("backoff", backedOff.Message);

        manager.ResetBackoff(closedPort);
        var again = await Assert.ThrowsAsync<SiloUnavailableException>(async () => await manager.GetConnectionAsync(closedPort));
        Assert.DoesNotContain("backoff", again.Message);
    }

    [Fact]
    public async Task Graceful_shutdown_of_the_caller_drains_its_pending_requests_then_closes()
    {
        var holder = new HoldingHandler();
        await using var listener = NetworkTestNode.StartListener("server", holder);
        var manager = NetworkTestNode.Manager();
        var pending = new List<Task<Message>>();
        for (var i = 0; i < 10; i++)
        {
            pending.Add(manager.SendRequestAsync(listener.LocalEndPoint!, NetworkTestNode.Request(i)).AsTask());
        }

        await Eventually.WaitUntilAsync(() => holder.HeldCount == 10, "the remote holds every request", Deadline);
        var shutdown = manager.ShutdownAsync();
        await Assert.ThrowsAsync<SiloUnavailableException>(async () => await manager.GetConnectionAsync(listener.LocalEndPoint!));
        Assert.False(shutdown.IsCompleted);

        await holder.AnswerAllAsync();

        await Task.WhenAll(pending).WaitAsync(Deadline);
        await shutdown.WaitAsync(Deadline);
        Assert.Equal(0, manager.ConnectionCount);
        await Eventually.WaitUntilAsync(() => listener.ConnectionCount == 0, "the remote closes its side too", Deadline);
        await manager.DisposeAsync();
    }

    internal static IPEndPoint FreeLoopbackEndPoint()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }
}
