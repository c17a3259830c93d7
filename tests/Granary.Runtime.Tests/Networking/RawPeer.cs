using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Granary.Networking;

namespace Granary.Runtime.Tests.Networking;

/// <summary>A hand-driven TCP peer speaking raw frames, to test what a real node would never send (or never read).</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _accepted = [];

    public RawPeer()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public async Task<Socket> AcceptAsync()
    {
        var socket = await _listener.AcceptAsync();
        _accepted.Add(socket);
        return socket;
    }

    public static async Task<Socket> ConnectAsync(EndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    public static async Task SendFrameAsync(Socket socket, Message message, byte version = WireFormat.CurrentVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameEncoder.Write(buffer, message, 1 << 24, version);
        await socket.SendAsync(buffer.WrittenMemory, SocketFlags.None);
    }

    /// <summary>Reads one whole frame; null if the peer closed first.</summary>
    public static async Task<Message?> ReceiveFrameAsync(Socket socket)
    {
        var decoder = new FrameDecoder(1 << 24);
        var received = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(received.ToArray());
            if (decoder.TryDecode(ref sequence, out var message))
            {
                return message;
            }

            var count = await socket.ReceiveAsync(chunk, SocketFlags.None);
            if (count == 0)
            {
                return null;
            }

            received.AddRange(chunk.AsSpan(0, count));
        }
    }

    /// <summary>Reads until the peer closes; returns how many bytes came.</summary>
    public static async Task<long> DrainUntilClosedAsync(Socket socket)
    {
        var chunk = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            int count;
            try
            {
                count = await socket.ReceiveAsync(chunk, SocketFlags.None);
            }
            catch (SocketException)
            {
                return total;
            }

            if (count == 0)
            {
                return total;
            }

            total += count;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _accepted)
        {
            socket.Dispose();
        }

        _listener.Dispose();
    }
}
