using Microsoft.Extensions.Configuration;

namespace Granary.Benchmarks.Grains;

/// <summary>State in the silos' default grain storage (PostgreSQL in the cluster scenarios); default placement.</summary>
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
