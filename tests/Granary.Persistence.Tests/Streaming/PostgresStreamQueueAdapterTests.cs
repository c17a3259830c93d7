using Granary.Hosting;
using Granary.Postgres.Streaming;
using Granary.Serialization;
using Granary.Streaming.Queues;
using Granary.Streams;
using Granary.TestInfrastructure;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Granary.Persistence.Tests.Streaming;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStreamQueueAdapterTests(PostgresServer server)
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);
    private static readonly IReadOnlyCollection<string> NoDeadSilos = [];

    [Fact]
    public async Task Events_are_read_oldest_first_and_each_queue_holds_only_its_own()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);
        var orders = StreamId.Create("orders", "a");
        var payments = StreamId.Create("payments", "b");

        await host.Adapter.EnqueueAsync(0, orders, [new OrderPlaced("o1", 100)], CancellationToken.None);
        await host.Adapter.EnqueueAsync(1, payments, ["p1"], CancellationToken.None);
        await host.Adapter.EnqueueAsync(0, orders, [new OrderPlaced("o2", 200), new OrderPlaced("o3", 300)], CancellationToken.None);
        await host.Adapter.EnqueueAsync(1, payments, ["p2"], CancellationToken.None);

        await using var queue0 = host.Adapter.CreateReceiver(0);
        await using var queue1 = host.Adapter.CreateReceiver(1);
        var read0 = await queue0.ReadAsync(10, CancellationToken.None);
        var read1 = await queue1.ReadAsync(10, CancellationToken.None);

        Assert.Equal(["o1", "o2", "o3"], read0.Select(e => ((OrderPlaced)e.Item!).OrderId));
        Assert.All(read0, e => Assert.Equal(orders, e.StreamId));
        Assert.Equal(["p1", "p2"], read1.Select(e => (string)e.Item!));
        Assert.All(read1, e => Assert.Equal(payments, e.StreamId));
        AssertAscending(read0.Select(e => e.SequenceNumber));
        AssertAscending(read1.Select(e => e.SequenceNumber));
        Assert.All(read0.Concat(read1), e => Assert.Null(e.DecodeError));
    }

    [Fact]
    public async Task Read_returns_at_most_max_count_and_the_same_events_until_they_are_completed()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);
        var stream = StreamId.Create("orders", "a");
        await host.Adapter.EnqueueAsync(2, stream, [1, 2, 3, 4, 5], CancellationToken.None);
        await using var receiver = host.Adapter.CreateReceiver(2);
        Assert.True(await receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None));

        var first = await receiver.ReadAsync(3, CancellationToken.None);
        var again = await receiver.ReadAsync(3, CancellationToken.None);
        await receiver.CompleteAsync(first, CancellationToken.None);
        var rest = await receiver.ReadAsync(3, CancellationToken.None);

        Assert.Equal([1, 2, 3], first.Select(e => (int)e.Item!));
        Assert.Equal(first.Select(e => e.SequenceNumber), again.Select(e => e.SequenceNumber));
        Assert.Equal([4, 5], rest.Select(e => (int)e.Item!));
    }

    [Fact]
    public async Task Per_stream_order_follows_sequential_enqueue_calls_across_interleaved_streams()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);
        var streams = Enumerable.Range(0, 5).Select(i => StreamId.Create("orders", $"s{i}")).ToArray();
        for (var n = 0; n < 40; n++)
        {
            var stream = streams[n % streams.Length];
            await host.Adapter.EnqueueAsync(3, stream, [new ProducedItem(n % streams.Length, n)], CancellationToken.None);
        }

        await using var receiver = host.Adapter.CreateReceiver(3);
        Assert.True(await receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None));
        var events = await StreamQueueHost.DrainAsync(receiver, batchSize: 7);

        Assert.Equal(Enumerable.Range(0, 40), events.Select(e => ((ProducedItem)e.Item!).Number));
        foreach (var stream in streams)
        {
            AssertAscending(events.Where(e => e.StreamId == stream).Select(e => ((ProducedItem)e.Item!).Number));
        }
    }

    [Fact]
    public async Task Items_keep_their_runtime_type_because_they_travel_as_object()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);
        var id = Guid.NewGuid();
        object?[] items =
        [
            42,
            42L,
            "text",
            null,
            id,
            new OrderPlaced("o1", 1999),
            new Dog { Name = "Rex", Barks = 3 },
            new List<object?> { 1, "a", new Dog { Name = "Inner", Barks = 1 }, null },
            new Dictionary<string, int> { ["x"] = 1 },
            DayOfWeek.Friday,
        ];
        await host.Adapter.EnqueueAsync(0, StreamId.Create("mixed", "k"), items, CancellationToken.None);

        await using var receiver = host.Adapter.CreateReceiver(0);
        var read = (await receiver.ReadAsync(20, CancellationToken.None)).Select(e => e.Item).ToList();

        Assert.Equal(items.Length, read.Count);
        Assert.IsType<int>(read[0]);
        Assert.Equal(42, read[0]);
        Assert.IsType<long>(read[1]);
        Assert.Equal("text", read[2]);
        Assert.Null(read[3]);
        Assert.Equal(id, read[4]);
        Assert.Equal(new OrderPlaced("o1", 1999), read[5]);
        var dog = Assert.IsType<Dog>(read[6]);
        Assert.Equal(("Rex", 3), (dog.Name, dog.Barks));
        var list = Assert.IsType<List<object?>>(read[7]);
        Assert.Equal(1, list[0]);
        Assert.Equal("a", list[1]);
        Assert.Equal("Inner", Assert.IsType<Dog>(list[2]).Name);
        Assert.Null(list[3]);
        Assert.Equal(1, Assert.IsType<Dictionary<string, int>>(read[8])["x"]);
        Assert.Equal(DayOfWeek.Friday, Assert.IsType<DayOfWeek>(read[9]));
    }

    [Fact]
    public async Task An_unserializable_item_fails_the_whole_call_with_the_serializer_error_and_nothing_is_written()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);

        var error = await Assert.ThrowsAsync<CodecNotFoundException>(() => host.Adapter.EnqueueAsync(
            0, StreamId.Create("orders", "a"), [new OrderPlaced("ok", 1), new NotSerializable { Value = 1 }, "also ok"], CancellationToken.None));

        Assert.Equal(typeof(NotSerializable), error.Type);
        Assert.Equal(0L, await host.CountEventsAsync(server.ConnectionString));
    }

    [Fact]
    public async Task Twenty_concurrent_producers_to_one_queue_keep_each_producers_order()
    {
        const int Producers = 20;
        const int CallsPerProducer = 50;
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);

        // Producers with an even number publish to a stream of their own, odd ones share one stream; every third
        // call publishes a batch of three items.
        var shared = StreamId.Create("orders", "shared");
        var expected = new int[Producers];
        await Task.WhenAll(Enumerable.Range(0, Producers).Select(producer => Task.Run(async () =>
        {
            var stream = producer % 2 == 0 ? StreamId.Create("orders", $"p{producer}") : shared;
            var number = 0;
            for (var call = 0; call < CallsPerProducer; call++)
            {
                var count = call % 3 == 0 ? 3 : 1;
                var items = Enumerable.Range(0, count).Select(_ => (object?)new ProducedItem(producer, number++)).ToArray();
                await host.Adapter.EnqueueAsync(1, stream, items, CancellationToken.None);
            }

            expected[producer] = number;
        })));

        await using var receiver = host.Adapter.CreateReceiver(1);
        Assert.True(await receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None));
        var events = await StreamQueueHost.DrainAsync(receiver, batchSize: 256);

        AssertAscending(events.Select(e => e.SequenceNumber));
        var items = events.Select(e => (ProducedItem)e.Item!).ToList();
        for (var producer = 0; producer < Producers; producer++)
        {
            Assert.Equal(Enumerable.Range(0, expected[producer]), items.Where(i => i.Producer == producer).Select(i => i.Number));
        }

        Assert.Equal(expected.Sum(), events.Count);
    }

    [Fact]
    public async Task A_call_the_server_rejects_fails_alone_while_concurrent_calls_commit()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);

        // PostgreSQL text cannot hold U+0000: the server rejects this call's row, maybe inside a group commit.
        var poisoned = new StreamId("orders", "bad\0key");
        var good = Enumerable.Range(0, 40)
            .Select(i => host.Adapter.EnqueueAsync(0, StreamId.Create("orders", $"g{i}"), [i], CancellationToken.None))
            .ToList();
        var bad = host.Adapter.EnqueueAsync(0, poisoned, ["x"], CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresStreamQueueException>(() => bad.WaitAsync(NoHang));
        await Task.WhenAll(good).WaitAsync(NoHang);

        Assert.IsType<PostgresException>(error.InnerException);
        Assert.Contains($"'{host.ProviderName}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(40L, await host.CountEventsAsync(server.ConnectionString));
    }

    [Fact]
    public async Task An_empty_call_writes_nothing_and_a_queue_id_out_of_range_is_an_argument_error()
    {
        await using var host = await StreamQueueHost.StartAsync(server.ConnectionString);

        await host.Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), [], CancellationToken.None);

        Assert.Equal(0L, await host.CountEventsAsync(server.ConnectionString));
        Assert.True(host.Adapter.IsShared);
        Assert.Equal(4, host.Adapter.QueueCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = host.Adapter.EnqueueAsync(4, StreamId.Create("orders", "a"), [1], CancellationToken.None); });
        Assert.Throws<ArgumentOutOfRangeException>(() => host.Adapter.CreateReceiver(-1));
    }

    [Fact]
    public async Task Providers_sharing_the_tables_do_not_see_each_others_events()
    {
        await using var first = await StreamQueueHost.StartAsync(server.ConnectionString);
        await using var second = await StreamQueueHost.StartAsync(server.ConnectionString);
        await first.Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), ["first"], CancellationToken.None);
        await second.Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), ["second"], CancellationToken.None);

        await using var receiver = second.Adapter.CreateReceiver(0);
        var read = await receiver.ReadAsync(10, CancellationToken.None);

        Assert.Equal(["second"], read.Select(e => (string)e.Item!));
    }

    [Fact]
    public async Task Tables_are_created_in_the_configured_schema()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await StreamQueueHost.StartAsync(connectionString, configure: options => options.Schema = "streams");
        await host.Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), [1], CancellationToken.None);

        Assert.Equal(1L, await StreamQueueHost.ScalarAsync<long>(connectionString, "SELECT count(*) FROM streams.granary_stream_events"));
        Assert.Equal(3L, await StreamQueueHost.ScalarAsync<long>(
            connectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'streams' AND tablename LIKE 'granary_stream_%'"));
    }

    [Fact]
    public async Task Without_CreateSchema_the_tables_are_left_to_the_dba_and_a_missing_table_is_a_typed_error()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await StreamQueueHost.StartAsync(connectionString, configure: options => options.CreateSchema = false);

        var error = await Assert.ThrowsAsync<PostgresStreamQueueException>(
            () => host.Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), [1], CancellationToken.None).WaitAsync(NoHang));

        Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Contains("enqueue to queue 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_sql_file_applies_with_psql()
    {
        var psql = server.BinDirectory is { } bin && File.Exists(Path.Combine(bin, "psql")) ? Path.Combine(bin, "psql") : "psql";
        var connectionString = await server.CreateDatabaseAsync();
        var script = Path.GetTempFileName();
        try
        {
            await using (var resource = typeof(PostgresStreamOptions).Assembly.GetManifestResourceStream("Granary.Postgres.Streaming.StreamQueueSchema.sql")!)
            await using (var file = File.Create(script))
            {
                await resource.CopyToAsync(file);
            }

            var target = new NpgsqlConnectionStringBuilder(connectionString);
            var startInfo = new System.Diagnostics.ProcessStartInfo(psql)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PGPASSWORD"] = target.Password ?? string.Empty },
            };
            foreach (var argument in (string[])[
                "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", target.Username!, "-d", target.Database!, "-v", "ON_ERROR_STOP=1", "-v", "schema=public", "-f", script])
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(NoHang);
            Assert.True(process.ExitCode == 0, await output + await errors);
        }
        finally
        {
            File.Delete(script);
        }

        await using var host = await StreamQueueHost.StartAsync(connectionString, configure: options => options.CreateSchema = false);
        await host.Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), ["dba"], CancellationToken.None);
        await using var receiver = host.Adapter.CreateReceiver(0);
        Assert.Equal(["dba"], (await receiver.ReadAsync(10, CancellationToken.None)).Select(e => (string)e.Item!));
    }

    [Fact]
    public async Task Starting_many_silos_at_once_creates_the_tables_once()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var provider = StreamQueueHost.NewProviderName();

        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            StreamQueueHost.StartAsync(connectionString, provider, $"10.0.0.{i + 1}:11111@1")));
        try
        {
            await hosts[3].Adapter.EnqueueAsync(0, StreamId.Create("orders", "a"), [1], CancellationToken.None);
            Assert.Equal(1L, await hosts[0].CountEventsAsync(connectionString));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_adapter_is_registered_as_the_providers_queue_adapter_and_a_name_is_taken_once()
    {
        var name = StreamQueueHost.NewProviderName();
        await using var services = StreamQueueHost.Build(builder => builder.AddPostgresStreams(name, options => options.ConnectionString = server.ConnectionString));

        var adapter = services.GetRequiredKeyedService<IStreamQueueAdapter>(name);

        Assert.Same(adapter, services.GetRequiredKeyedService<IStreamQueueAdapter>(name));
        Assert.True(adapter.IsShared);
        Assert.Equal(8, adapter.QueueCount);
        Assert.Throws<InvalidOperationException>(() => StreamQueueHost.Build(builder => builder
            .AddPostgresStreams(name, options => options.ConnectionString = server.ConnectionString)
            .AddPostgresStreams(name, options => options.ConnectionString = server.ConnectionString)));
    }

    [Fact]
    public async Task A_lone_silo_names_itself_with_a_per_instance_identity_and_a_clustered_silo_with_its_address()
    {
        await using var lone = await StreamQueueHost.StartAsync(server.ConnectionString);
        await using var otherLone = await lone.StartPeerAsync(server.ConnectionString, siloAddress: null);
        await using var clustered = await lone.StartPeerAsync(server.ConnectionString, "10.0.0.7:11111@42");

        var owners = new List<string>();
        foreach (var (host, queue) in new[] { (lone, 0), (otherLone, 1), (clustered, 2) })
        {
            await using var receiver = host.Adapter.CreateReceiver(queue);
            Assert.True(await receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None));
            owners.Add(await StreamQueueHost.ScalarAsync<string>(
                server.ConnectionString,
                "SELECT owner FROM granary_stream_leases WHERE provider = @provider AND queue_id = @queue",
                ("provider", lone.ProviderName),
                ("queue", queue)));
        }

        Assert.StartsWith(Environment.MachineName + "/", owners[0], StringComparison.Ordinal);
        Assert.StartsWith(Environment.MachineName + "/", owners[1], StringComparison.Ordinal);
        Assert.NotEqual(owners[0], owners[1]);
        Assert.Equal("10.0.0.7:11111@42", owners[2]);
    }

    [Fact]
    public async Task A_stopped_server_is_a_typed_error_for_producers_and_receivers_and_work_resumes_after_restart()
    {
        if (!server.IsThrowaway)
        {
            return; // A server from GRANARY_TEST_POSTGRES is not ours to stop.
        }

        await using var producer = await StreamQueueHost.StartAsync(server.ConnectionString, siloAddress: "10.0.0.1:11111@1");
        await using var consumer = await producer.StartPeerAsync(server.ConnectionString, "10.0.0.2:11111@1");
        var stream = StreamId.Create("orders", "a");
        await using var receiver = consumer.Adapter.CreateReceiver(0);
        Assert.True(await receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None));
        await producer.Adapter.EnqueueAsync(0, stream, ["before"], CancellationToken.None);
        await WaitUntilListeningAsync(server.ConnectionString, consumer.ProviderName);

        await server.StopAsync();
        try
        {
            var enqueue = await Assert.ThrowsAsync<PostgresStreamQueueException>(
                () => producer.Adapter.EnqueueAsync(0, stream, ["during"], CancellationToken.None).WaitAsync(NoHang));
            Assert.IsAssignableFrom<NpgsqlException>(enqueue.InnerException);
            Assert.Contains($"'{producer.ProviderName}' could not enqueue to queue 0", enqueue.Message, StringComparison.Ordinal);

            await Assert.ThrowsAsync<PostgresStreamQueueException>(() => receiver.ReadAsync(10, CancellationToken.None).WaitAsync(NoHang));
            await Assert.ThrowsAsync<PostgresStreamQueueException>(() => receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None).WaitAsync(NoHang));
            var dummy = new QueuedStreamEvent(stream, 1, "x");
            await Assert.ThrowsAsync<PostgresStreamQueueException>(() => receiver.CompleteAsync([dummy], CancellationToken.None).WaitAsync(NoHang));
            await Assert.ThrowsAsync<PostgresStreamQueueException>(() => receiver.DeadLetterAsync(dummy, "c", "e", 1, CancellationToken.None).WaitAsync(NoHang));
        }
        finally
        {
            await server.StartAsync();
        }

        try
        {
            // The first calls after the restart already work: pools were cleared when the connections died.
            await producer.Adapter.EnqueueAsync(0, stream, ["after"], CancellationToken.None);
            Assert.True(await receiver.TryAcquireAsync(NoDeadSilos, CancellationToken.None));
            var events = await StreamQueueHost.DrainAsync(receiver);
            Assert.Equal(["before", "after"], events.Select(e => (string)e.Item!));

            // The LISTEN connection comes back by itself, and wakes a waiting receiver for a peer's enqueue.
            await WaitUntilListeningAsync(server.ConnectionString, consumer.ProviderName);
            Assert.Empty(await receiver.ReadAsync(10, CancellationToken.None));
            var waiting = receiver.WaitForEventsAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
            await producer.Adapter.EnqueueAsync(0, stream, ["woken"], CancellationToken.None);
            await waiting.WaitAsync(NoHang);
        }
        finally
        {
            // Idle connections other tests left in Npgsql's global pools died with the server.
            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>Waits until the provider's LISTEN connection (application_name <c>granary-streams-{name}-listen</c>) is up.</summary>
    internal static Task WaitUntilListeningAsync(string connectionString, string providerName) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    return await StreamQueueHost.ScalarAsync<long>(
                        connectionString,
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND query LIKE 'LISTEN%'",
                        ("name", $"granary-streams-{providerName}-listen")) > 0;
                }
                catch (NpgsqlException)
                {
                    return false;
                }
            },
            $"the LISTEN connection of '{providerName}' is up");

    private static void AssertAscending(IEnumerable<long> values)
    {
        var list = values.ToList();
        Assert.Equal(list.Order(), list);
        Assert.Equal(list.Count, list.Distinct().Count());
    }

    private static void AssertAscending(IEnumerable<int> values)
    {
        var list = values.ToList();
        Assert.Equal(list.Order(), list);
    }
}
