using Granary.Extensions.Schema;
using Granary.Extensions.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Granary.Extensions.Tests.Streaming;

/// <summary>Silos of the PostgreSQL stream tests: provider "Durable", deliveries recorded in PostgreSQL.</summary>
public sealed class PostgresStreamSiloConfigurator : ISiloConfigurator
{
    public const string ProviderName = "Durable";
    public const string ConnectionStringKey = "StreamTests:ConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[ConnectionStringKey]!;
        siloBuilder.AddMemoryGrainStorage("PubSubStore");
        siloBuilder.AddRelationalStreams(ProviderName, options => Apply(options, connectionString));
        siloBuilder.Services.AddSingleton<IDeliveryRecorder>(new PostgresDeliveryRecorder(connectionString));

        // A killed silo is declared dead within seconds, so its queues and consumers move on quickly.
        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
        });
    }

    public static void Apply(RelationalStreamOptions options, string connectionString)
    {
        options.Database = DatabaseKind.Postgres;
        options.ConnectionString = connectionString;
        options.QueueCount = 8;
        options.MaxDeliveryAttempts = 3;
        options.DeliveryRetryDelay = TimeSpan.FromMilliseconds(100);
        options.PollInterval = TimeSpan.FromMilliseconds(50);
    }
}

/// <summary>The client of the PostgreSQL stream tests: publishes straight to the database.</summary>
public sealed class PostgresStreamClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration[PostgresStreamSiloConfigurator.ConnectionStringKey]!;
        clientBuilder.AddRelationalStreams(PostgresStreamSiloConfigurator.ProviderName, options => PostgresStreamSiloConfigurator.Apply(options, connectionString));
    }
}
