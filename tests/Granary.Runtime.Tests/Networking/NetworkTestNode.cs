using Granary.Networking;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Runtime.Tests.Networking;

/// <summary>Options and factories shared by the networking tests: loopback, a free port, short timeouts.</summary>
internal static class NetworkTestNode
{
    /// <summary>Generous: only reached when something is broken; passing tests finish far sooner.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static NetworkingOptions Options(Action<NetworkingOptions>? configure = null)
    {
        var options = new NetworkingOptions
        {
            Port = 0,
            BindAddress = "127.0.0.1",
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ShutdownDrainTimeout = TimeSpan.FromSeconds(10),
            ReconnectBackoff = TimeSpan.FromMilliseconds(20),
            MaxReconnectBackoff = TimeSpan.FromMilliseconds(200),
            ProbeTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    public static ConnectionListener StartListener(string identity, IMessageHandler handler, NetworkingOptions? options = null)
    {
        var listener = new ConnectionListener(identity, options ?? Options(), handler, NullLoggerFactory.Instance);
        listener.Start();
        return listener;
    }

    public static Task<Connection> ConnectAsync(ConnectionListener listener, IMessageHandler? handler = null, NetworkingOptions? options = null) =>
        Connection.ConnectAsync(listener.LocalEndPoint!, "client", null, options ?? Options(), handler ?? new EchoHandler(),
            NullLoggerFactory.Instance, null, CancellationToken.None);

    public static ConnectionManager Manager(string identity = "client", NetworkingOptions? options = null, IMessageHandler? handler = null) =>
        new(identity, options ?? Options(), handler ?? new EchoHandler(), NullLoggerFactory.Instance, TimeProvider.System);

    public static Message Request(int value)
    {
        var request = Message.CreateRequest(GrainId.Create(new GrainType("test"), "k"), "ITest", 1);
        request.SetPayload(BitConverter.GetBytes(value));
        return request;
    }
}
