using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Cluster;

/// <summary>
/// Whether grains may be called now. Not before the host has started (the co-hosted silo is active, or the cluster
/// client has connected). In cluster mode, not while the client holds no connection to any silo gateway: such calls
/// are refused at once (503) rather than left to time out, except one every
/// <see cref="ClusterCallOptions.DisconnectedProbeInterval"/>, whose attempt lets the client find a cluster that is back.
/// </summary>
internal sealed class ClusterConnection(IHostApplicationLifetime lifetime, IOptions<ClusterCallOptions> options, TimeProvider time)
    : IClusterConnectionStatusObserver
{
    // -1 until the client reports (the embedded silo never does: it is always connected to itself).
    private int _gateways = -1;
    private long _lastProbe;

    public bool IsStarted => lifetime.ApplicationStarted.IsCancellationRequested;

    public bool IsConnected => Volatile.Read(ref _gateways) != 0;

    /// <summary>True when a call may be sent now (see the type's remarks); the reason otherwise.</summary>
    public bool TryAdmit(out string reason)
    {
        if (!IsStarted)
        {
            reason = "The gateway is not connected to the cluster yet.";
            return false;
        }

        reason = "The gateway has lost its connection to the cluster.";
        if (IsConnected)
        {
            return true;
        }

        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastProbe);
        return (last == 0 || time.GetElapsedTime(last, now) >= options.Value.DisconnectedProbeInterval)
            && Interlocked.CompareExchange(ref _lastProbe, now, last) == last;
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
        => Volatile.Write(ref _gateways, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _gateways, 0);
}
