using Microsoft.Extensions.Configuration;
using Orleans.Placement;

namespace Granary.Benchmarks.Grains;

/// <summary>
/// State in the silos' default grain storage (PostgreSQL in the cluster scenarios). Random placement: Orleans 10's
/// default (resource-optimized) put all 300 on one silo when the others had just joined, leaving failover nothing to kill.
/// </summary>
[RandomPlacement]
internal sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, IConfiguration configuration) : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetCountAsync() => Task.FromResult(state.State.Value);

    public Task<string> WhereAsync() => Task.FromResult(SiloName.Of(configuration));
}
