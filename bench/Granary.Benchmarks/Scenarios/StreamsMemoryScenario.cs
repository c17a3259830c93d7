using Granary.Hosting;
using Granary.Streaming;
using Granary.Streaming.Memory;

namespace Granary.Benchmarks.Scenarios;

/// <summary>The stream shape (<see cref="StreamsScenario"/>) on the in-memory provider.</summary>
internal sealed class StreamsMemoryScenario : StreamsScenario
{
    public override string Name => "streams-memory";

    public override string Description => "producers → in-memory streams → implicit consumer grains (events/s, p50, p99 at half rate, lost)";

    protected override int DefaultBatch => 32;

    protected override void AddProvider(ISiloBuilder silo, IAsyncDisposable? dependencies, BenchmarkOptions options, TextWriter info)
    {
        var queues = new MemoryStreamOptions();
        queues.QueueCount = options.Queues ?? queues.QueueCount;
        queues.QueueCapacity = options.Capacity ?? queues.QueueCapacity;
        var delivery = new StreamDeliveryOptions();
        delivery.MaxBatchSize = options.MaxBatch ?? delivery.MaxBatchSize;
        silo.AddMemoryStreams(
            ProviderName,
            o =>
            {
                o.QueueCount = queues.QueueCount;
                o.QueueCapacity = queues.QueueCapacity;
            },
            d => d.MaxBatchSize = delivery.MaxBatchSize);
        info.WriteLine($"info: in-memory provider: {queues.QueueCount} queues of at most {queues.QueueCapacity} events, "
            + $"agents read up to {delivery.MaxBatchSize} events at once");
    }
}
