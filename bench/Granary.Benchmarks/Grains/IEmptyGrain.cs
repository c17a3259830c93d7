namespace Granary.Benchmarks.Grains;

/// <summary>A grain with no state, used to measure what the runtime keeps per idle activation.</summary>
public interface IEmptyGrain : IGrainWithIntegerKey
{
    ValueTask Touch();
}
