using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

internal sealed class PingCrossSiloScenario : IScenario
{
    public string Name => "ping-cross-silo";

    public string Description => "not yet";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not yet");
}
