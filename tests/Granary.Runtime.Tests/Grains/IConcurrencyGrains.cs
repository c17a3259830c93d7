using Granary.Concurrency;

namespace Granary.Runtime.Tests.Grains;

/// <summary>Calls that park inside the grain until the test releases them, recording how many overlap.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Enters, waits for the gate named <paramref name="gate"/> to open, leaves.</summary>
    Task Enter(string gate);

    [ReadOnly]
    Task EnterReadOnly(string gate);

    [AlwaysInterleave]
    Task EnterInterleaving(string gate);

    [OneWay]
    Task EnterOneWay(string gate);

    Task<int> GetMaxConcurrency();
}

public interface IReentrantGateGrain : IGateGrain;

public interface IStatelessGateGrain : IGateGrain;
