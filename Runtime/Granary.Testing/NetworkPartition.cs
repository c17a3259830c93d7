using System.Collections.Concurrent;
using Granary.Membership;

namespace Granary.Testing;

/// <summary>
/// Which silos a test has cut off: probes to them fail, as if the network dropped their packets, while
/// they keep running. Membership must then vote them dead and they must stop themselves.
/// </summary>
public sealed class NetworkPartition
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _isolated = new();

    public void Isolate(SiloAddress silo) => _isolated[silo] = true;

    public void Heal(SiloAddress silo) => _isolated.TryRemove(silo, out _);

    public bool IsIsolated(SiloAddress silo) => _isolated.ContainsKey(silo);
}
