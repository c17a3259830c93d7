namespace Granary.Benchmarks.Grains;

/// <summary>A grain with persistent state, so its first call includes reading state from storage.</summary>
public interface IStatefulPingGrain : IGrainWithIntegerKey
{
    Task<int> Ping();
}
