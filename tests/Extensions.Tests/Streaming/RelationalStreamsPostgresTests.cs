using System.Diagnostics;
using Granary.Extensions.Schema;
using Granary.Extensions.Streaming;
using Granary.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>
/// The PostgreSQL stream provider on real in-process TestCluster silos: nothing lost or reordered when a silo holding
/// queues and consumers is killed, another joins, or a silo stops gracefully; poison events end in the dead-letter
/// table with their exception text; an unserializable publish fails at the producer and queues nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RelationalStreamsPostgresTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Kill_and_join_during_publishing_lose_nothing_keep_order_and_dead_letter_exactly_the_poison_events()
    {
        const int streamCount = 20;
        const int eventsPerStream = 500;
        static bool IsPoison(int sequence) => sequence % 50 == 7;

        var (cluster, database) = await StartClusterAsync(3);
        await using var _ = cluster;
        var streams = Enumerable.Range(0, streamCount).Select(_ => Guid.NewGuid()).ToArray();
        var published = 0;
        var publishing = Task.WhenAll(streams.Select(key => Task.Run(async () =>
        {
            var stream = Stream(cluster, key);
            for (var sequence = 0; sequence < eventsPerStream; sequence++)
            {
                await stream.OnNextAsync(new StreamTestEvent(sequence, IsPoison(sequence)));
                Interlocked.Increment(ref published);
            }
        })));

        // Kill the non-primary silo that consumed most so far: it holds consumers, and with 8 queues on 3 silos, queues.
        await WaitUntilAsync(async () => Volatile.Read(ref published) >= 3_000 && (await database.DeliveriesAsync()).Count > 500, "a third published");
        var victim = await BusiestSecondaryAsync(cluster, database);
        output.WriteLine($"Killing {victim.SiloAddress} after {Volatile.Read(ref published)} publishes");
        await cluster.KillSiloAsync(victim);

        await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref published) >= 6_000), "two thirds published");
        var joined = await cluster.StartAdditionalSiloAsync();
        output.WriteLine($"Joined {joined.SiloAddress} after {Volatile.Read(ref published)} publishes");
        await publishing;

        var expected = Enumerable.Range(0, eventsPerStream).Where(sequence => !IsPoison(sequence)).ToArray();
        var poisonCount = streamCount * (eventsPerStream - expected.Length);
        await WaitUntilAsync(
            async () => (await database.DeliveriesAsync()).Select(d => (d.Stream, d.Sequence)).Distinct().Count() == streamCount * expected.Length
                && (await database.DeadLettersAsync()).Count >= poisonCount,
            "every event delivered or dead-lettered");

        var deliveries = await database.DeliveriesAsync();
        foreach (var key in streams)
        {
            // The first delivery of each sequence number, in arrival order: exactly 0..499 without the poison ones.
            var firstDeliveries = deliveries.Where(d => d.Stream == key).Select(d => d.Sequence).Distinct().ToArray();
            Assert.Equal(expected, firstDeliveries);
        }

        var deadLetters = await database.DeadLettersAsync();
        var expectedPoison = streams.SelectMany(key => Enumerable.Range(0, eventsPerStream).Where(IsPoison).Select(sequence => $"poison event {key}/{sequence}")).Order().ToArray();
        var deadLetterTexts = deadLetters.Select(row => PoisonText(row.Exception)).Order().ToArray();
        Assert.Equal(expectedPoison, deadLetterTexts);
        Assert.All(deadLetters, row => Assert.True(row.Attempts >= 3, $"dead-lettered after {row.Attempts} attempts"));
        Assert.All(deadLetters, row => Assert.Contains("InvalidOperationException", row.Exception, StringComparison.Ordinal));

        // Delivered rows are deleted once every consumer passed them: the queue drains completely.
        await WaitUntilAsync(async () => await database.QueuedRowsAsync() == 0, "the queue tables drained");
        output.WriteLine($"{deliveries.Count} deliveries for {streamCount * expected.Length} events ({deliveries.Count - streamCount * expected.Length} duplicates)");
    }

    [Fact]
    public async Task Graceful_stop_of_a_silo_holding_queues_hands_them_over_without_loss()
    {
        const int streamCount = 10;
        const int eventsPerStream = 200;
        var (cluster, database) = await StartClusterAsync(3);
        await using var _ = cluster;
        var streams = Enumerable.Range(0, streamCount).Select(_ => Guid.NewGuid()).ToArray();
        var published = 0;
        var publishing = Task.WhenAll(streams.Select(key => Task.Run(async () =>
        {
            var stream = Stream(cluster, key);
            for (var sequence = 0; sequence < eventsPerStream; sequence++)
            {
                await stream.OnNextAsync(new StreamTestEvent(sequence, Poison: false));
                Interlocked.Increment(ref published);
            }
        })));

        await WaitUntilAsync(async () => Volatile.Read(ref published) >= 600 && (await database.DeliveriesAsync()).Count > 200, "a third published");
        var stopping = await BusiestSecondaryAsync(cluster, database);
        output.WriteLine($"Stopping {stopping.SiloAddress} gracefully after {Volatile.Read(ref published)} publishes");
        await cluster.StopSiloAsync(stopping);
        await publishing;

        var expected = Enumerable.Range(0, eventsPerStream).ToArray();
        await WaitUntilAsync(
            async () => (await database.DeliveriesAsync()).Select(d => (d.Stream, d.Sequence)).Distinct().Count() == streamCount * eventsPerStream,
            "every event delivered");
        var deliveries = await database.DeliveriesAsync();
        foreach (var key in streams)
        {
            Assert.Equal(expected, deliveries.Where(d => d.Stream == key).Select(d => d.Sequence).Distinct().ToArray());
        }

        await WaitUntilAsync(async () => await database.QueuedRowsAsync() == 0, "the queue tables drained");
    }

    [Fact]
    public async Task An_unserializable_event_fails_at_the_producer_with_a_typed_exception_and_queues_nothing()
    {
        var (cluster, database) = await StartClusterAsync(1);
        await using var _ = cluster;
        var key = Guid.NewGuid();
        var stream = cluster.Client.GetStreamProvider(PostgresStreamSiloConfigurator.ProviderName)
            .GetStream<object>(StreamId.Create(RecordingConsumerGrain.Namespace, key));

        var exception = await Assert.ThrowsAsync<StreamEventSerializationException>(() => stream.OnNextAsync(new NotSerializableEvent()));
        Assert.Equal(PostgresStreamSiloConfigurator.ProviderName, exception.ProviderName);
        Assert.Equal(0, await database.QueuedRowsAsync(StreamId.Create(RecordingConsumerGrain.Namespace, key).ToString()));

        // The stream still works for serializable events.
        await stream.OnNextAsync(new StreamTestEvent(0, Poison: false));
        await WaitUntilAsync(async () => (await database.DeliveriesAsync()).Any(d => d.Stream == key), "the next event delivered");
    }

    [Fact]
    public async Task Transient_failures_are_retried_without_counting_toward_poison()
    {
        var (cluster, database) = await StartClusterAsync(1);
        await using var _ = cluster;
        var key = Guid.NewGuid();
        var stream = Stream(cluster, key);

        // MaxDeliveryAttempts is 3: five time-outs in a row must not dead-letter event 0; event 2 is real poison.
        await stream.OnNextAsync(new StreamTestEvent(0, Poison: false, TransientFailures: 5));
        await stream.OnNextAsync(new StreamTestEvent(1, Poison: false));
        await stream.OnNextAsync(new StreamTestEvent(2, Poison: true));
        await stream.OnNextAsync(new StreamTestEvent(3, Poison: false));

        await WaitUntilAsync(async () => (await database.DeliveriesAsync()).Count(d => d.Stream == key) >= 3, "events 0, 1 and 3 delivered");
        var delivered = (await database.DeliveriesAsync()).Where(d => d.Stream == key).Select(d => d.Sequence).Distinct().ToArray();
        Assert.Equal(new[] { 0, 1, 3 }, delivered);
        var deadLetter = Assert.Single(await database.DeadLettersAsync());
        Assert.Equal($"poison event {key}/2", PoisonText(deadLetter.Exception));
        Assert.Equal(3, deadLetter.Attempts);
        Assert.Equal(StreamId.Create(RecordingConsumerGrain.Namespace, key).ToString(), deadLetter.StreamId);
    }

    private static IAsyncStream<StreamTestEvent> Stream(TestCluster cluster, Guid key) =>
        cluster.Client.GetStreamProvider(PostgresStreamSiloConfigurator.ProviderName)
            .GetStream<StreamTestEvent>(StreamId.Create(RecordingConsumerGrain.Namespace, key));

    private static string PoisonText(string exception)
    {
        var start = exception.IndexOf("poison event ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"dead letter without the consumer's exception text: {exception}");
        var end = exception.IndexOfAny(['\r', '\n'], start);
        return (end < 0 ? exception[start..] : exception[start..end]).Trim();
    }

    /// <summary>The non-primary silo running most pulling agents (ties: most consumer deliveries); it must run some.</summary>
    private async Task<SiloHandle> BusiestSecondaryAsync(TestCluster cluster, StreamTestDatabase database)
    {
        var bySilo = (await database.DeliveriesAsync()).GroupBy(d => d.Silo).ToDictionary(g => g.Key, g => g.Count());
        var candidates = new List<(SiloHandle Silo, int Agents, int Deliveries)>();
        foreach (var silo in cluster.SecondarySilos)
        {
            var provider = ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredKeyedService<IStreamProvider>(PostgresStreamSiloConfigurator.ProviderName);
            var agents = (int)(await ((IControllable)provider).ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null))!;
            var deliveries = bySilo.Where(pair => pair.Key.Contains(silo.SiloAddress.ToString(), StringComparison.Ordinal)).Sum(pair => pair.Value);
            output.WriteLine($"{silo.SiloAddress}: {agents} pulling agents, {deliveries} deliveries by its consumers");
            candidates.Add((silo, agents, deliveries));
        }

        var victim = candidates.OrderByDescending(c => c.Agents).ThenByDescending(c => c.Deliveries).First();
        Assert.True(victim.Agents > 0, "no secondary silo holds a queue");
        return victim.Silo;
    }

    private async Task<(TestCluster Cluster, StreamTestDatabase Database)> StartClusterAsync(short silos)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Postgres, connectionString);
        await PostgresDeliveryRecorder.CreateTableAsync(connectionString);
        var builder = new TestClusterBuilder(silos);
        builder.Properties[PostgresStreamSiloConfigurator.ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresStreamSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresStreamClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return (cluster, new StreamTestDatabase(connectionString));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"Not reached within {Deadline}: {what}.");
            }

            await Task.Delay(200);
        }
    }
}
