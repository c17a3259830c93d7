using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>A benchmark scenario. Progress goes to <c>info</c>; the figures are returned and printed last.</summary>
internal interface IScenario
{
    /// <summary>The name used on the command line (the contract in BENCHMARKS.md).</summary>
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken);
}
