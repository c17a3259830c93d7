using Granary.Membership;
using Granary.Runtime;

namespace Granary.Runtime.Tests.Grains;

public sealed class ClusterProbeGrain(
    ILocalSiloDetails silo,
    [PersistentState("probe")] IPersistentState<CounterState> counter) : Grain, IClusterProbeGrain
{
    public Task<string> WhereAreYou() => Task.FromResult(silo.SiloAddress.ToString());

    public async Task<int> Increment()
    {
        counter.State.Value++;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> GetCount() => Task.FromResult(counter.State.Value);

    public Task<string> AskOther(long otherKey) => GrainFactory.GetGrain<IClusterProbeGrain>(otherKey).WhereAreYou();

    public Task Fail(string message) => throw new InvalidOperationException(message);
}
