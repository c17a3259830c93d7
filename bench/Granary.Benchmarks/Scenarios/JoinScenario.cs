using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

internal sealed class JoinScenario : IScenario
{
    public string Name => "join";

    public string Description => "not yet";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not yet");
}
