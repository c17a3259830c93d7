using Microsoft.Extensions.Configuration;
using Orleans.Placement;

namespace Granary.Benchmarks.Grains;

/// <summary>
/// Placed on the silo that first routes a call to it, so ping-cross-silo can put these on silo B by activating them
/// through B's gateway.
/// </summary>
[PreferLocalPlacement]
internal sealed class PingGrain(IConfiguration configuration) : Grain, IPingGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public Task<string> WhereAsync() => Task.FromResult(SiloName.Of(configuration));
}
