using System.Net;
using Granary.Extensions.Resilience;
using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Granary.Extensions.Streaming;
using Granary.Grains.Streams;
using Granary.Silo.Configuration;
using Granary.Silo.Database;
using Granary.Silo.Shop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Granary.Silo.Hosting;

/// <summary>How a Granary silo is composed from configuration; the silo process and the tests' clusters share it.</summary>
public static class GranarySiloBuilderExtensions
{
    /// <summary>Name of the grain storage Orleans' stream pub-sub keeps explicit subscriptions in.</summary>
    public const string PubSubStorageName = "PubSubStore";

    /// <summary>Settings of the durable stream provider (<see cref="RelationalStreamOptions"/>).</summary>
    public const string StreamsSectionName = "Granary:Streams";

    /// <summary>
    /// Storage, reminders, membership (PostgreSQL), failure detection and the schema start-up step, from the
    /// <c>Granary</c> section of <paramref name="configuration"/>. Identity and endpoints are left to
    /// <see cref="UseGranaryEndpoints"/> (the process) or to a test cluster.
    /// </summary>
    public static ISiloBuilder AddGranary(this ISiloBuilder builder, IConfiguration configuration)
    {
        var database = GranaryConfiguration.ReadDatabase(configuration);
        var connectionString = DatabaseConnection.Resolve(database);
        var invariant = DatabaseConnection.Invariant(database.Provider);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<DatabaseStartup>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DatabaseStartupParticipant>();

        if (database.Provider == DatabaseKind.Sqlite && database.SqliteStorage == SqliteStorageProvider.Granary)
        {
            builder.AddSqliteGrainStorageAsDefault(options => options.ConnectionString = connectionString);
            builder.AddSqliteGrainStorage(PubSubStorageName, options => options.ConnectionString = connectionString);
        }
        else
        {
            builder.AddAdoNetGrainStorageAsDefault(options => Use(options, invariant, connectionString));
            builder.AddAdoNetGrainStorage(PubSubStorageName, options => Use(options, invariant, connectionString));
        }

        if (database.Provider == DatabaseKind.Sqlite)
        {
            // Through the file's single writer, like grain state: Orleans' ADO.NET reminders would be a second writer.
            builder.UseSqliteReminderService(options => options.ConnectionString = connectionString);
        }
        else
        {
            builder.UseAdoNetReminderService(options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            });
        }

        builder.Configure<ReminderOptions>(options => configuration.GetSection("Granary:Reminders").Bind(options));

        if (database.Provider == DatabaseKind.Postgres)
        {
            builder.UseAdoNetClustering(options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            });
        }

        // Durable streams in the same database: PostgreSQL queues shared by the cluster, or the SQLite file's.
        builder.AddRelationalStreams(StreamProvider.Name, options =>
        {
            options.Database = database.Provider;
            options.ConnectionString = connectionString;
            configuration.GetSection(StreamsSectionName).Bind(options);
        });

        builder.Configure<ClusterMembershipOptions>(options => MembershipTuning.Apply(options, configuration));

        builder.AddShop(configuration, database.Provider, connectionString);

        // Calls refused unprocessed by a stopping silo are resent, so a graceful stop fails no grain-to-grain call.
        builder.AddRejectedCallRetry();
        return builder;
    }

    /// <summary>
    /// The silo process's identity and endpoints from <c>Granary:Cluster</c>: localhost clustering for the embedded
    /// SQLite default, the advertised address and ports for a PostgreSQL cluster.
    /// </summary>
    public static ISiloBuilder UseGranaryEndpoints(this ISiloBuilder builder, IConfiguration configuration)
    {
        var database = GranaryConfiguration.ReadDatabase(configuration);
        var cluster = GranaryConfiguration.ReadCluster(configuration);
        if (database.Provider == DatabaseKind.Sqlite)
        {
            // One process owns the SQLite file, so the cluster is this one silo.
            return builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        builder.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        var advertised = cluster.AdvertisedAddress is { } address ? IPAddress.Parse(address) : IPAddress.Loopback;
        return builder.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyAddress);
    }

    private static void Use(AdoNetGrainStorageOptions options, string invariant, string connectionString)
    {
        options.Invariant = invariant;
        options.ConnectionString = connectionString;
    }
}
