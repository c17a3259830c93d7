using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The durable stream provider on PostgreSQL. Listed so the contract's name exists; it cannot run until the provider
/// (<c>AddRelationalStreams</c>, branch <c>streams</c>) is on main.
/// </summary>
internal sealed class StreamsPostgresScenario : IScenario
{
    public string Name => "streams-postgres";

    public string Description => "durable streams on PostgreSQL (events_per_sec, p99_ms at half rate, lost_events) - NOT AVAILABLE: needs the stream provider";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken) =>
        throw new ScenarioUnavailableException(
            "streams-postgres cannot run yet: the durable stream provider (AddRelationalStreams, Extensions/Streaming on branch 'streams') "
            + "is not on main, so this benchmark has nothing to measure. No figures.");
}
