using Granary.Client;
using Granary.Postgres.Membership;
using Granary.Postgres.Persistence;
using Granary.Postgres.Streaming;
using Granary.Runtime.Tests.Grains;
using Granary.Streams;
using Granary.TestInfrastructure;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Granary.Runtime.Tests.Streaming;

/// <summary>
/// The durable provider on the production shape (membership, state and queues in a real PostgreSQL) through
/// a silo kill and a silo join: nothing is lost, per-stream order holds, and exactly the poison events end in
/// the dead-letter table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStreamDurabilityTests(PostgresServer server) : IAsyncLifetime
{
    private const string Provider = "pg";
    private readonly StreamLog _log = new();
    private TestCluster _cluster = null!;
    private string _connectionString = string.Empty;
    private string _clusterId = string.Empty;

    public async Task InitializeAsync()
    {
        // Four silos with four pools each must stay under the test server's connection limit.
        _connectionString = await server.CreateDatabaseAsync() + ";Maximum Pool Size=6";
        var clusterId = _clusterId = $"streams-{Guid.NewGuid():N}";
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSingleton(_log);
            silo.UsePostgresClustering(options =>
            {
                options.ConnectionString = _connectionString;
                options.ClusterId = clusterId;
            });
            silo.AddPostgresGrainStorage("Default", options => options.ConnectionString = _connectionString);
            silo.AddPostgresStreams(
                Provider,
                options =>
                {
                    options.ConnectionString = _connectionString;
                    options.QueueCount = 8;
                    options.LeaseDuration = TimeSpan.FromSeconds(10);
                },
                delivery =>
                {
                    delivery.MaxBatchSize = 64;
                    delivery.MaxDeliveryAttempts = 3;
                    delivery.RetryDelay = TimeSpan.FromMilliseconds(20);
                    delivery.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
                    delivery.LeaseRenewalPeriod = TimeSpan.FromSeconds(2);
                });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_events_survive_a_killed_silo_and_a_joining_one()
    {
        const int Streams = 20;
        const int PerStream = 500;
        static bool IsPoison(int number) => number % 97 == 13;

        var producerSilo = _cluster.Primary;
        var published = 0;
        var killed = false;
        var joined = false;
        var victim = _cluster.RunningSilos[1];
        await Task.WhenAll(Enumerable.Range(0, Streams).Select(async s =>
        {
            var stream = producerSilo.Services.GetStreamProvider(Provider).GetStream<StreamItem>(StreamId.Create("implicit-observer", $"d{s}"));
            for (var i = 0; i < PerStream; i += 5)
            {
                await stream.OnNextBatchAsync(Enumerable.Range(i, 5).Select(n => new StreamItem(n, IsPoison(n))));
                var total = Interlocked.Add(ref published, 5);
                if (total >= 3_000 && !Interlocked.Exchange(ref killed, true))
                {
                    await _cluster.KillSiloAsync(victim);
                }

                if (total >= 6_000 && !Interlocked.Exchange(ref joined, true))
                {
                    await _cluster.StartAdditionalSiloAsync();
                }
            }
        }));

        var poison = Enumerable.Range(0, PerStream).Count(IsPoison) * Streams;
        var expected = Streams * PerStream - poison;
        await Eventually.WaitUntilAsync(
            () => DistinctDelivered() == expected,
            $"all {expected} good events delivered at least once",
            TimeSpan.FromMinutes(3));
        await Eventually.WaitUntilAsync(
            async () => (await DeadLettersAsync()).Count == poison,
            $"the {poison} poison events in the dead-letter table",
            TimeSpan.FromMinutes(1));

        for (var s = 0; s < Streams; s++)
        {
            // At-least-once: a redelivery may repeat events, but first deliveries come in publish order.
            var firstSeen = _log.For($"observing/{Provider}/d{s}").Select(r => r.Item.Number).Distinct().ToList();
            Assert.Equal(Enumerable.Range(0, PerStream).Where(n => !IsPoison(n)), firstSeen);
        }

        var deadLetters = await DeadLettersAsync();
        Assert.Equal(
            Enumerable.Range(0, Streams).SelectMany(s => Enumerable.Range(0, PerStream).Where(IsPoison).Select(n => $"d{s}:{n}")).Order(),
            deadLetters.Select(d => $"{d.StreamKey}:{d.Number}").Order());
        Assert.All(deadLetters, d => Assert.Contains("poison item", d.Error, StringComparison.Ordinal));
        Assert.True(_log.All.Select(r => r.Silo).Distinct().Count() >= 3, "consumers ran on several silos");
    }

    [Fact]
    public async Task A_graceful_stop_hands_its_queues_over_without_loss_or_redelivery()
    {
        const int Streams = 12;
        const int PerStream = 200;
        var producer = _cluster.Primary;
        var leaving = _cluster.RunningSilos[2];
        var published = 0;
        var stopping = Task.CompletedTask;
        await Task.WhenAll(Enumerable.Range(0, Streams).Select(async s =>
        {
            var stream = producer.Services.GetStreamProvider(Provider).GetStream<StreamItem>(StreamId.Create("implicit-observer", $"g{s}"));
            for (var i = 0; i < PerStream; i += 4)
            {
                await stream.OnNextBatchAsync(Enumerable.Range(i, 4).Select(n => new StreamItem(n)));
                if (Interlocked.Add(ref published, 4) == 1_200)
                {
                    stopping = _cluster.StopSiloAsync(leaving);
                }
            }
        }));
        await stopping;

        await Eventually.WaitUntilAsync(
            () => Enumerable.Range(0, Streams).All(s => _log.For($"observing/{Provider}/g{s}").Count >= PerStream),
            "every event delivered",
            TimeSpan.FromMinutes(2));
        for (var s = 0; s < Streams; s++)
        {
            // The leaving silo finished, checkpointed and released its batches: nothing was delivered twice.
            Assert.Equal(Enumerable.Range(0, PerStream), _log.For($"observing/{Provider}/g{s}").Select(r => r.Item.Number));
        }
    }

    [Fact]
    public async Task An_explicit_subscription_outlives_the_silo_its_subscriber_lived_on()
    {
        const int Subscribers = 30;
        var consumers = Enumerable.Range(0, Subscribers).Select(i => _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"survivor{i}")).ToList();
        foreach (var consumer in consumers)
        {
            await consumer.Subscribe(Provider, "explicit", "outlives");
        }

        var stream = _cluster.Primary.Services.GetStreamProvider(Provider).GetStream<StreamItem>(StreamId.Create("explicit", "outlives"));
        await stream.OnNextAsync(new StreamItem(1));
        await Eventually.WaitUntilAsync(() => Enumerable.Range(0, Subscribers).All(i => _log.For($"survivor{i}").Count >= 1), "first event everywhere");

        // Kill the other silo that hosts the most subscribers (the primary keeps publishing).
        var primary = _cluster.Primary.SiloAddress!.ToString();
        var victimAddress = _log.All.Select(r => r.Silo).Where(s => s != primary).GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
        var victim = _cluster.RunningSilos.Single(s => s.SiloAddress!.ToString() == victimAddress);
        await _cluster.KillSiloAsync(victim);
        await stream.OnNextAsync(new StreamItem(2));

        await Eventually.WaitUntilAsync(
            () => Enumerable.Range(0, Subscribers).All(i => _log.For($"survivor{i}").Any(r => r.Item.Number == 2)),
            "the second event reaches every subscriber, re-activated elsewhere",
            TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(_log.All, r => r.Item.Number == 2 && r.Silo == victimAddress);
    }

    [Fact]
    public async Task A_client_publishes_to_a_durable_stream_and_a_grain_receives()
    {
        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Logging.SetMinimumLevel(LogLevel.Warning);
        client.UseGranaryClient(c => c
            .UsePostgresClustering(options =>
            {
                options.ConnectionString = _connectionString;
                options.ClusterId = _clusterId;
            })
            .AddPostgresStreams(Provider, options => options.ConnectionString = _connectionString));
        using var clientHost = client.Build();
        await clientHost.StartAsync();
        try
        {
            var stream = clientHost.Services.GetRequiredService<IClusterClient>().GetStreamProvider(Provider)
                .GetStream<StreamItem>(StreamId.Create("implicit-observer", "from-client"));
            await stream.OnNextBatchAsync(Enumerable.Range(0, 50).Select(i => new StreamItem(i)));

            await Eventually.WaitUntilAsync(() => _log.For($"observing/{Provider}/from-client").Count >= 50, "the client's 50 events delivered");
            Assert.Equal(Enumerable.Range(0, 50), _log.For($"observing/{Provider}/from-client").Select(r => r.Item.Number).Distinct());
        }
        finally
        {
            await clientHost.StopAsync();
        }
    }

    private int DistinctDelivered() =>
        _log.All.Where(r => r.Consumer.StartsWith($"observing/{Provider}/", StringComparison.Ordinal))
            .Select(r => (r.Consumer, r.Item.Number)).Distinct().Count();

    private async Task<List<DeadLetter>> DeadLettersAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT stream_key, consumer, error, payload FROM granary_stream_dead_letters WHERE provider = @provider", connection);
        command.Parameters.AddWithValue("provider", Provider);
        var serializer = _cluster.Primary.Services.GetRequiredService<Granary.Serialization.Wire.WireSerializer>();
        var result = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var item = (StreamItem)serializer.Deserialize<object>((byte[])reader["payload"]);
            result.Add(new DeadLetter(reader.GetString(0), reader.GetString(1), reader.GetString(2), item.Number));
        }

        return result;
    }

    private sealed record DeadLetter(string StreamKey, string Consumer, string Error, int Number);
}
