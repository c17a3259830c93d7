namespace Granary.ApiGateway.Cluster;

/// <summary><c>Gateway:Cluster</c>: how the gateway calls grains and (as a client) reaches the cluster.</summary>
public sealed class ClusterCallOptions
{
    public const string SectionName = "Gateway:Cluster";

    /// <summary>
    /// The longest a request waits for one grain call; past it the request is answered 503 (the grain may still
    /// finish its turn). Default 5 s.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>/health/ready</c> waits for its grain call (which reads the database). Default 2 s.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cluster mode: the pause between attempts to connect to a cluster that has no gateway yet. Default 2 s.</summary>
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Cluster mode: while the client holds no connection to any silo, calls are answered 503 at once except one per
    /// this interval, which tries the cluster again. Default 1 s.
    /// </summary>
    public TimeSpan DisconnectedProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cluster mode: how often the silos' gateway list is read again from the membership table. Default 10 s.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
