using Microsoft.Extensions.Configuration;

namespace Granary.Benchmarks.Grains;

/// <summary>Orleans' default placement (resource-optimized in Orleans 10); deactivated soon after, so the silos do not fill up.</summary>
internal sealed class ProbeGrain(IConfiguration configuration) : Grain, IProbeGrain
{
    public Task<string> WhereAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(SiloName.Of(configuration));
    }
}
