using System.Collections.Concurrent;
using System.Net;
using Granary.Membership;

namespace Granary.Messaging;

/// <summary>Turns silo addresses into socket endpoints once each (host names resolved by the socket layer).</summary>
internal sealed class SiloEndpoints
{
    private readonly ConcurrentDictionary<SiloAddress, EndPoint> _endpoints = new();

    public EndPoint Get(SiloAddress silo) =>
        _endpoints.GetOrAdd(silo, static s => IPAddress.TryParse(s.Host, out var ip) ? new IPEndPoint(ip, s.Port) : new DnsEndPoint(s.Host, s.Port));
}
