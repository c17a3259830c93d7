namespace Granary.ApiGateway.Cluster;

/// <summary>
/// Whether grains may be called yet: the host has started, so the co-hosted silo is active or the cluster client has
/// connected. Before that (a cluster client still looking for a gateway) requests are answered 503 at once.
/// </summary>
internal sealed class ClusterConnection(IHostApplicationLifetime lifetime)
{
    public bool IsReady => lifetime.ApplicationStarted.IsCancellationRequested;
}
