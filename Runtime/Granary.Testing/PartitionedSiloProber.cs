using Granary.Membership;

namespace Granary.Testing;

/// <summary>Probes through the real transport, except to (or from) silos the test has isolated.</summary>
internal sealed class PartitionedSiloProber(ISiloProber inner, NetworkPartition partition, ILocalSiloDetails localSilo) : ISiloProber
{
    public Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken) =>
        partition.IsIsolated(target) || partition.IsIsolated(localSilo.SiloAddress)
            ? Task.FromResult(false)
            : inner.ProbeAsync(target, cancellationToken);
}
