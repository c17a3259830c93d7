using Granary.Membership;

namespace Granary.Benchmarks.Grains;

public sealed class ClusterPingGrain(ILocalSiloDetails silo) : Grain, IClusterPingGrain
{
    public ValueTask Ping() => default;

    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToString());
}
