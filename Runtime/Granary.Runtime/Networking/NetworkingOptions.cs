namespace Granary.Networking;

/// <summary>The TCP transport between silos and from clients. Bound from configuration section <c>Granary:Networking</c>.</summary>
public sealed class NetworkingOptions
{
    public const string SectionName = "Granary:Networking";

    /// <summary>Port the silo listens on. 0 picks a free port (see the listener's bound endpoint). Default 11111.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>IP address the silo listens on. Default <c>127.0.0.1</c>; use <c>0.0.0.0</c> or the pod IP in a cluster.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Largest frame accepted or sent, in bytes, header included. Default 16 MiB.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Connections kept open to each peer; requests are spread over them round-robin. Default 1.</summary>
    public int ConnectionsPerPeer { get; set; } = 1;

    /// <summary>Messages queued on one connection before <c>SendAsync</c> waits. Default 8192.</summary>
    public int SendQueueCapacity { get; set; } = 8192;

    /// <summary>Encoded bytes buffered per connection for the socket before the writer pauses. Default 1 MiB.</summary>
    public int SendBufferLimit { get; set; } = 1024 * 1024;

    /// <summary>How long connecting, handshake included, may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On shutdown, how long in-flight requests and responses may drain before connections are aborted. Default 10 s.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a failed connect, the first wait before the peer is tried again; it doubles per failure. Default 100 ms.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the reconnect wait. Default 5 s.</summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe waits for its answer before it counts as failed. Default 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
