namespace Granary.Benchmarks.Grains;

/// <summary>The smallest possible call: no arguments, no result, completes synchronously in the grain.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask Ping();
}
