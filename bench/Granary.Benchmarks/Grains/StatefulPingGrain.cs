using Granary.Runtime;

namespace Granary.Benchmarks.Grains;

public sealed class StatefulPingGrain([PersistentState("pings")] IPersistentState<PingCount> state) : Grain, IStatefulPingGrain
{
    public Task<int> Ping() => Task.FromResult(state.State.Count);
}

public sealed class PingCount
{
    public int Count { get; set; }
}
