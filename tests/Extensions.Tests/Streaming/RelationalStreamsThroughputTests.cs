using System.Diagnostics;
using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>
/// Measures the PostgreSQL provider on one silo: delivered events per second with publishers going flat out, then the
/// publish-to-delivery latency at a steady rate. Numbers go to the test output; the test only asserts completeness,
/// since a shared 2-core CI machine cannot promise a rate.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RelationalStreamsThroughputTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int StreamCount = 400;

    [Fact]
    public async Task Measure_throughput_and_latency()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Postgres, connectionString);
        var builder = new TestClusterBuilder(1);
        builder.Properties[PostgresStreamSiloConfigurator.ConnectionStringKey] = connectionString;
        builder.Properties[PostgresStreamSiloConfigurator.TimedRecorderKey] = "true";
        builder.AddSiloBuilderConfigurator<PostgresStreamSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresStreamClientConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var recorder = (TimedDeliveryRecorder)((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<IDeliveryRecorder>();
        var streams = Enumerable.Range(0, StreamCount).Select(_ => Guid.NewGuid()).ToArray();

        // Warm-up: activate the consumers.
        await PublishAsync(cluster, streams, 0, 1, perStreamInterval: null);
        await WaitForAsync(recorder, StreamCount);

        // Throughput: 50 events per stream, as fast as the publishers go.
        const int burst = 50;
        var clock = Stopwatch.StartNew();
        await PublishAsync(cluster, streams, 1, burst, perStreamInterval: null);
        var published = clock.Elapsed;
        await WaitForAsync(recorder, StreamCount * (1 + burst));
        var delivered = clock.Elapsed;
        var total = StreamCount * burst;
        output.WriteLine($"burst, one publish per event: {total} events published in {published.TotalSeconds:F2} s ({total / published.TotalSeconds:F0}/s), delivered in {delivered.TotalSeconds:F2} s ({total / delivered.TotalSeconds:F0}/s)");

        // Throughput with batched publishes: 100 events per stream in OnNextBatchAsync calls of 20 (one row each).
        const int batched = 100;
        clock.Restart();
        await Task.WhenAll(streams.Select(key => Task.Run(async () =>
        {
            var stream = cluster.Client.GetStreamProvider(PostgresStreamSiloConfigurator.ProviderName)
                .GetStream<StreamTestEvent>(StreamId.Create(RecordingConsumerGrain.Namespace, key));
            for (var sequence = 1 + burst; sequence < 1 + burst + batched; sequence += 20)
            {
                await stream.OnNextBatchAsync(Enumerable.Range(sequence, 20).Select(s => new StreamTestEvent(s, Poison: false)).ToList());
            }
        })));
        published = clock.Elapsed;
        await WaitForAsync(recorder, StreamCount * (1 + burst + batched));
        delivered = clock.Elapsed;
        total = StreamCount * batched;
        output.WriteLine($"burst, batches of 20: {total} events published in {published.TotalSeconds:F2} s ({total / published.TotalSeconds:F0}/s), delivered in {delivered.TotalSeconds:F2} s ({total / delivered.TotalSeconds:F0}/s)");

        // Latency at a steady rate: each stream publishes every 80 ms (5,000 events/s over 400 streams), for 3.6 s.
        const int steady = 45;
        var publishedAt = await PublishAsync(cluster, streams, 1 + burst + batched, steady, TimeSpan.FromMilliseconds(80));
        await WaitForAsync(recorder, StreamCount * (1 + burst + batched + steady));
        var latencies = publishedAt
            .Select(entry => Stopwatch.GetElapsedTime(entry.Value, recorder.ArrivalOf(entry.Key.Stream, entry.Key.Sequence)).TotalMilliseconds)
            .Order()
            .ToArray();
        var rate = latencies.Length / Stopwatch.GetElapsedTime(publishedAt.Values.Min(), publishedAt.Values.Max()).TotalSeconds;
        output.WriteLine($"steady: {latencies.Length} events at {rate:F0}/s; latency p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms");
    }

    private static double Percentile(double[] sorted, double fraction) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * fraction))];

    private static async Task<Dictionary<(Guid Stream, int Sequence), long>> PublishAsync(
        TestCluster cluster, Guid[] streams, int first, int count, TimeSpan? perStreamInterval)
    {
        var publishedAt = new System.Collections.Concurrent.ConcurrentDictionary<(Guid, int), long>();
        await Task.WhenAll(streams.Select(key => Task.Run(async () =>
        {
            var stream = cluster.Client.GetStreamProvider(PostgresStreamSiloConfigurator.ProviderName)
                .GetStream<StreamTestEvent>(StreamId.Create(RecordingConsumerGrain.Namespace, key));
            var start = Stopwatch.GetTimestamp();
            for (var sequence = first; sequence < first + count; sequence++)
            {
                if (perStreamInterval is { } interval)
                {
                    var due = (sequence - first) * interval;
                    var wait = due - Stopwatch.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }

                publishedAt[(key, sequence)] = Stopwatch.GetTimestamp();
                await stream.OnNextAsync(new StreamTestEvent(sequence, Poison: false));
            }
        })));
        return new(publishedAt);
    }

    private static async Task WaitForAsync(TimedDeliveryRecorder recorder, int count)
    {
        var clock = Stopwatch.StartNew();
        while (recorder.Count < count)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"only {recorder.Count} of {count} events delivered");
            }

            await Task.Delay(10);
        }
    }
}
