using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

internal sealed class FailoverScenario : IScenario
{
    public string Name => "failover";

    public string Description => "not yet";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not yet");
}
