namespace Granary.Benchmarks.Grains;

/// <summary>streams-postgres's consumer: one per stream key, implicitly subscribed.</summary>
public interface IStreamCounterGrain : IGrainWithIntegerKey;
