using Granary.Benchmarks.Hosting;
using Granary.Hosting;
using Granary.Postgres.Streaming;
using Granary.Streaming;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The stream shape (<see cref="StreamsScenario"/>) on the PostgreSQL provider, against a throwaway server on
/// loopback (or the one <c>GRANARY_TEST_POSTGRES</c> names).
/// </summary>
internal sealed class StreamsPostgresScenario : StreamsScenario
{
    public override string Name => "streams-postgres";

    public override string Description => "producers → PostgreSQL streams → implicit consumer grains (events/s, p50, p99 at half rate, lost)";

    protected override int DefaultBatch => 100;

    protected override async Task<IAsyncDisposable?> StartDependenciesAsync(TextWriter info, CancellationToken cancellationToken)
    {
        var database = await PostgresLauncher.StartAsync(cancellationToken);
        info.WriteLine($"info: database: {database.Description}");
        return database;
    }

    protected override void AddProvider(ISiloBuilder silo, IAsyncDisposable? dependencies, BenchmarkOptions options, TextWriter info)
    {
        var database = (PostgresLauncher)dependencies!;
        var queues = new PostgresStreamOptions { ConnectionString = database.ConnectionString };
        queues.QueueCount = options.Queues ?? queues.QueueCount;
        var delivery = new StreamDeliveryOptions();
        delivery.MaxBatchSize = options.MaxBatch ?? delivery.MaxBatchSize;
        silo.AddPostgresStreams(
            ProviderName,
            o =>
            {
                o.ConnectionString = queues.ConnectionString;
                o.QueueCount = queues.QueueCount;
            },
            d => d.MaxBatchSize = delivery.MaxBatchSize);
        info.WriteLine($"info: PostgreSQL provider: {queues.QueueCount} queues, agents read up to {delivery.MaxBatchSize} events at once");
    }

    protected override TimeSpan? DependencyProcessorTime(IAsyncDisposable? dependencies) =>
        (dependencies as PostgresLauncher)?.ServerProcessorTime();
}
