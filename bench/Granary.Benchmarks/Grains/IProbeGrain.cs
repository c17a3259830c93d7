namespace Granary.Benchmarks.Grains;

/// <summary>join's new activations: each key is called once and says where Orleans placed it.</summary>
public interface IProbeGrain : IGrainWithGuidKey
{
    Task<string> WhereAsync();
}
