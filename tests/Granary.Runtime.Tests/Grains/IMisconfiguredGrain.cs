using Granary.Runtime;

namespace Granary.Runtime.Tests.Grains;

public interface IMisconfiguredGrain : IGrainWithStringKey
{
    Task Ping();
}

/// <summary>Asks for a storage provider nobody registered.</summary>
public sealed class MisconfiguredGrain([PersistentState("state", "NoSuchStorage")] IPersistentState<CounterState> state)
    : Grain, IMisconfiguredGrain
{
    public Task Ping() => Task.FromResult(state.State.Value);
}
