using Granary.Membership;
using Granary.Runtime;

namespace Granary.Benchmarks.Grains;

public sealed class CounterGrain(ILocalSiloDetails silo, [PersistentState("counter")] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetCount() => Task.FromResult(counter.State.Count);

    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToString());
}

public sealed class CounterState
{
    public int Count { get; set; }
}
