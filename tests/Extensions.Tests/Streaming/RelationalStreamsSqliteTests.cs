using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Granary.Extensions.Schema;
using Granary.Extensions.Streaming;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>The embedded default: events queued in a SQLite file outlive a silo that dies before delivering them.</summary>
public sealed class RelationalStreamsSqliteTests : IDisposable
{
    private const string ProviderName = "Durable";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-streams-").FullName;

    [Fact]
    public async Task Events_read_but_not_delivered_when_a_silo_dies_are_delivered_by_the_next_silo_on_the_same_file()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "granary.db") }.ConnectionString;
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Sqlite, connectionString);
        var streams = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        const int eventsPerStream = 50;

        // First silo: its consumer is stuck, so events are read by the agent but never delivered; then it dies.
        var stuck = new StuckDeliveryRecorder();
        var first = BuildSilo(connectionString, stuck);
        await first.StartAsync();
        var client = first.Services.GetRequiredService<IClusterClient>();
        foreach (var key in streams)
        {
            var stream = client.GetStreamProvider(ProviderName).GetStream<StreamTestEvent>(StreamId.Create(RecordingConsumerGrain.Namespace, key));
            for (var sequence = 0; sequence < eventsPerStream; sequence++)
            {
                await stream.OnNextAsync(new StreamTestEvent(sequence, Poison: false));
            }
        }

        await stuck.Entered.WaitAsync(Deadline);
        Assert.Equal(streams.Length * eventsPerStream, await CountQueuedAsync(connectionString));

        // Abrupt: a cancelled stop token makes Orleans skip the graceful shutdown, then the host is disposed.
        try
        {
            await first.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }

        await Task.Run(first.Dispose).WaitAsync(Deadline);

        // Second silo on the same file delivers everything, in order per stream.
        var recorder = new MemoryDeliveryRecorder();
        using var second = BuildSilo(connectionString, recorder);
        await second.StartAsync();
        var clock = Stopwatch.StartNew();
        while (recorder.Snapshot().Distinct().Count() < streams.Length * eventsPerStream)
        {
            Assert.True(clock.Elapsed < Deadline, $"only {recorder.Snapshot().Distinct().Count()} events delivered by the second silo");
            await Task.Delay(100);
        }

        var deliveries = recorder.Snapshot();
        foreach (var key in streams)
        {
            Assert.Equal(Enumerable.Range(0, eventsPerStream), deliveries.Where(d => d.Stream == key).Select(d => d.Sequence).Distinct());
        }

        clock.Restart();
        while (await CountQueuedAsync(connectionString) > 0)
        {
            Assert.True(clock.Elapsed < Deadline, "delivered rows were not deleted");
            await Task.Delay(100);
        }

        await second.StopAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static IHost BuildSilo(string connectionString, IDeliveryRecorder recorder) =>
        new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: "streams-sqlite", clusterId: "streams-sqlite-" + Guid.NewGuid().ToString("N"));
                silo.AddMemoryGrainStorage("PubSubStore");
                silo.AddRelationalStreams(ProviderName, options =>
                {
                    options.Database = DatabaseKind.Sqlite;
                    options.ConnectionString = connectionString;
                    options.QueueCount = 2;
                    options.PollInterval = TimeSpan.FromMilliseconds(50);
                });
                silo.Services.AddSingleton(recorder);
                silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
            })
            .Build();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<long> CountQueuedAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM granary_stream_events;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
