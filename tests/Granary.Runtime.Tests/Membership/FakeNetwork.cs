using Granary.Membership;

namespace Granary.Runtime.Tests.Membership;

/// <summary>Probes between test silos: every probe succeeds unless the test isolated a silo or blocked one direction.</summary>
internal sealed class FakeNetwork
{
    private readonly Lock _lock = new();
    private readonly HashSet<SiloAddress> _isolated = [];
    private readonly HashSet<(SiloAddress From, SiloAddress To)> _blocked = [];
    private readonly Dictionary<(SiloAddress From, SiloAddress To), int> _probes = [];

    public ISiloProber ProberFor(SiloAddress from) => new Prober(this, from);

    /// <summary>Partitions <paramref name="silo"/>: probes to it and from it fail.</summary>
    public void Isolate(SiloAddress silo)
    {
        lock (_lock)
        {
            _isolated.Add(silo);
        }
    }

    public void Block(SiloAddress from, SiloAddress to)
    {
        lock (_lock)
        {
            _blocked.Add((from, to));
        }
    }

    public int ProbeCount(SiloAddress from, SiloAddress to)
    {
        lock (_lock)
        {
            return _probes.GetValueOrDefault((from, to));
        }
    }

    private bool Probe(SiloAddress from, SiloAddress to)
    {
        lock (_lock)
        {
            _probes[(from, to)] = _probes.GetValueOrDefault((from, to)) + 1;
            return !_isolated.Contains(from) && !_isolated.Contains(to) && !_blocked.Contains((from, to));
        }
    }

    private sealed class Prober(FakeNetwork network, SiloAddress from) : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken) => Task.FromResult(network.Probe(from, target));
    }
}
