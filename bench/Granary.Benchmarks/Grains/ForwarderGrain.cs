using Microsoft.Extensions.Configuration;
using Orleans.Placement;

namespace Granary.Benchmarks.Grains;

/// <summary>Lives on the gateway silo the client calls (silo A) and forwards to the ping grain of its key (on silo B).</summary>
[PreferLocalPlacement]
internal sealed class ForwarderGrain(IConfiguration configuration) : Grain, IForwarderGrain
{
    private IPingGrain? _target;

    public Task PingAsync()
    {
        _target ??= GrainFactory.GetGrain<IPingGrain>(this.GetPrimaryKeyLong());
        return _target.PingAsync();
    }

    public Task<string> WhereAsync() => Task.FromResult(SiloName.Of(configuration));
}
