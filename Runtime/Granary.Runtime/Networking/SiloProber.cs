using System.Net;
using Granary.Membership;

namespace Granary.Networking;

/// <summary>
/// Membership's <see cref="ISiloProber"/> over the transport. The node identity exchanged in the handshake must be
/// <see cref="SiloAddress.ToString"/>, so a probe reaching a restarted silo (same endpoint, later generation) fails.
/// </summary>
internal sealed class SiloProber : ISiloProber
{
    private readonly SiloProbeClient _client;

    public SiloProber(SiloProbeClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    public Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        EndPoint endpoint = IPAddress.TryParse(target.Host, out var address)
            ? new IPEndPoint(address, target.Port)
            : new DnsEndPoint(target.Host, target.Port);
        return _client.ProbeAsync(endpoint, target.ToString(), cancellationToken);
    }
}
