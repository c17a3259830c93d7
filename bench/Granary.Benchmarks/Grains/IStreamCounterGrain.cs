namespace Granary.Benchmarks.Grains;

/// <summary>The stream scenarios' consumer, one per stream; it only receives events, so it has no methods of its own.</summary>
public interface IStreamCounterGrain : IGrainWithIntegerKey;
