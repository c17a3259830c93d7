namespace Granary.Benchmarks.Grains;

/// <summary>failover's persisted grain: a count written to grain storage on every increment.</summary>
public interface ICounterGrain : IGrainWithIntegerKey
{
    Task<int> IncrementAsync();

    Task<int> GetCountAsync();

    Task<string> WhereAsync();
}
