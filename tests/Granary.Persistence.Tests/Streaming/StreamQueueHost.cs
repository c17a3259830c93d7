using Granary.Hosting;
using Granary.Membership;
using Granary.Metadata;
using Granary.Postgres.Streaming;
using Granary.Serialization.Wire;
using Granary.Streaming.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Persistence.Tests.Streaming;

/// <summary>
/// A stand-in for one silo with a PostgreSQL stream provider: the services <c>AddPostgresStreams</c> registers,
/// the wire serializer every silo has, optionally a silo address (else the provider acts as a lone silo), options
/// validated and the startup tasks run the way a silo host does it. Hands out the provider's queue adapter.
/// </summary>
internal sealed class StreamQueueHost : IAsyncDisposable
{
    private static readonly Lazy<GranaryManifest> TestManifest = new(() => ManifestLoader.Load([typeof(StreamQueueHost).Assembly]));

    private StreamQueueHost(ServiceProvider services, string providerName, string? siloAddress)
    {
        Services = services;
        ProviderName = providerName;
        SiloAddress = siloAddress;
        Adapter = services.GetRequiredKeyedService<IStreamQueueAdapter>(providerName);
    }

    public ServiceProvider Services { get; }

    public string ProviderName { get; }

    public IStreamQueueAdapter Adapter { get; }

    /// <summary>The silo address this host's receivers hold leases under (null: a lone silo).</summary>
    public string? SiloAddress { get; }

    /// <summary>The silo address; for hosts started with one.</summary>
    public string Owner => SiloAddress ?? throw new InvalidOperationException("A lone silo's identity is internal to the provider.");

    public static string NewProviderName() => "events_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A wire serializer over this test assembly's generated codecs (or over none: a silo missing the types).</summary>
    public static WireSerializer CreateSerializer(bool withTestTypes = true) =>
        new(withTestTypes ? TestManifest.Value : new GranaryManifest(), null);

    public static ServiceProvider Build(
        Action<ISiloBuilder> configure,
        string? siloAddress = null,
        WireSerializer? serializer = null,
        IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(serializer ?? CreateSerializer());
        if (siloAddress is not null)
        {
            services.AddSingleton<ILocalSiloDetails>(new LocalSiloDetails(Granary.Membership.SiloAddress.Parse(siloAddress), "test-silo", "test-host"));
        }

        configure(new TestSiloBuilder(services, configuration));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<StreamQueueHost> StartAsync(
        string connectionString,
        string? providerName = null,
        string? siloAddress = null,
        Action<PostgresStreamOptions>? configure = null,
        WireSerializer? serializer = null)
    {
        providerName ??= NewProviderName();
        return await StartAsync(
            builder => builder.AddPostgresStreams(
                providerName,
                options =>
                {
                    options.ConnectionString = connectionString;
                    options.QueueCount = 4;
                    configure?.Invoke(options);
                },
                // Renewals well inside the short leases some tests take.
                delivery => delivery.LeaseRenewalPeriod = TimeSpan.FromMilliseconds(100)),
            providerName,
            siloAddress,
            serializer);
    }

    public static async Task<StreamQueueHost> StartAsync(
        Action<ISiloBuilder> configure, string providerName, string? siloAddress = null, WireSerializer? serializer = null, IDictionary<string, string?>? settings = null)
    {
        var services = Build(configure, siloAddress, serializer, settings);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            foreach (var task in services.GetServices<ISiloStartupTask>())
            {
                await task.ExecuteAsync(CancellationToken.None);
            }

            return new StreamQueueHost(services, providerName, siloAddress);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another silo of the same provider on the same database (tables already there).</summary>
    public Task<StreamQueueHost> StartPeerAsync(string connectionString, string? siloAddress, Action<PostgresStreamOptions>? configure = null) =>
        StartAsync(connectionString, ProviderName, siloAddress, configure);

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> CountEventsAsync(string connectionString) =>
        ScalarAsync<long>(connectionString, "SELECT count(*) FROM granary_stream_events WHERE provider = @provider", ("provider", ProviderName));

    /// <summary>Reads and completes everything in <paramref name="receiver"/>'s queue (which it must hold), oldest first.</summary>
    public static async Task<List<QueuedStreamEvent>> DrainAsync(IStreamQueueReceiver receiver, int batchSize = 100)
    {
        var all = new List<QueuedStreamEvent>();
        while (true)
        {
            var batch = await receiver.ReadAsync(batchSize, CancellationToken.None);
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
            await receiver.CompleteAsync(batch, CancellationToken.None);
        }
    }
}
