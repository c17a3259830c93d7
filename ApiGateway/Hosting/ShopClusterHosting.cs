using System.Data.Common;
using Granary.ApiGateway.Cluster;
using Granary.Extensions.Resilience;
using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Granary.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Granary.ApiGateway.Hosting;

/// <summary>
/// Where the gateway's grains live, from <c>Granary:Database:Provider</c>: <c>Sqlite</c> (the default) co-hosts the
/// silo in this process (the embedded shop: one process, one port); <c>Postgres</c> joins the cluster whose
/// membership is in that database as an Orleans client.
/// </summary>
internal static class ShopClusterHosting
{
    /// <summary>Orleans' ADO.NET invariant of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    public static WebApplicationBuilder AddShopCluster(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<ClusterCallOptions>().Bind(configuration.GetSection(ClusterCallOptions.SectionName));
        services.AddSingleton<IValidateOptions<ClusterCallOptions>, ClusterCallOptionsValidator>();
        services.AddOptionsWithValidateOnStart<OrderPlacementOptions>().Bind(configuration.GetSection(OrderPlacementOptions.SectionName));
        services.AddSingleton<IValidateOptions<OrderPlacementOptions>, OrderPlacementOptionsValidator>();
        services.AddSingleton<ClusterConnection>();
        services.AddSingleton<GrainCalls>();
        services.AddSingleton<OrderPlacement>();

        var database = GatewaySettings.Bind<DatabaseOptions>(configuration, DatabaseOptions.SectionName);
        if (database.Provider == DatabaseKind.Sqlite)
        {
            UseEmbeddedSilo(builder);
        }
        else
        {
            UseClusterClient(builder, database);
        }

        services.AddSingleton(new GatewayMode(database.Provider));
        return builder;
    }

    private static void UseEmbeddedSilo(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var shutdown = GatewaySettings.Bind<ShutdownOptions>(configuration, ShutdownOptions.SectionName);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdown.Timeout);
        // Composed exactly as the silo process composes it; the web server starts once the silo is active.
        builder.UseOrleans(silo => silo.AddGranary(configuration).UseGranaryEndpoints(configuration));
    }

    private static void UseClusterClient(WebApplicationBuilder builder, DatabaseOptions database)
    {
        var section = DatabaseOptions.SectionName;
        var connectionString = database.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new GatewayConfigurationException($"{section}:ConnectionString is required when {section}:Provider is Postgres (the cluster's membership is read from it).");
        }

        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException exception)
        {
            throw new GatewayConfigurationException($"{section}:ConnectionString is not a valid connection string: {exception.Message}", exception);
        }

        var cluster = GatewaySettings.Bind<ClusterSettings>(builder.Configuration, ClusterSettings.SectionName);
        if (string.IsNullOrWhiteSpace(cluster.ClusterId) || string.IsNullOrWhiteSpace(cluster.ServiceId))
        {
            throw new GatewayConfigurationException($"{ClusterSettings.SectionName}:ClusterId and {ClusterSettings.SectionName}:ServiceId must not be empty.");
        }

        // The web server answers (health: live, not ready) while the client still looks for a silo gateway.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        builder.Services.AddOptions<GatewayOptions>()
            .Configure<IOptions<ClusterCallOptions>>((gateways, calls) => gateways.GatewayListRefreshPeriod = calls.Value.GatewayListRefreshPeriod);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = PostgresInvariant;
                options.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter<ClusterConnectRetryFilter>();
            // Told when the last silo connection closes, so calls are refused at once rather than timed out.
            client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<ClusterConnection>());
            // Calls a stopping silo refused unprocessed are resent: safe, since they never ran.
            client.AddRejectedCallRetry();
        });
    }
}

/// <summary>Which mode the gateway runs in (logged at start-up).</summary>
internal sealed record GatewayMode(DatabaseKind Database)
{
    public bool Embedded => Database == DatabaseKind.Sqlite;
}
