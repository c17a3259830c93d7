namespace Granary.Benchmarks.Grains;

/// <summary>
/// streams-postgres's event: its position in its stream (1, 2, 3, ... per stream) and the
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp taken just before it was published.
/// </summary>
[GenerateSerializer]
public sealed record BenchEvent([property: Id(0)] long Sequence, [property: Id(1)] long PublishedTimestamp);
