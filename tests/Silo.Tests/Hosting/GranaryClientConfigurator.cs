using Granary.Extensions.Resilience;
using Granary.Extensions.Schema;
using Granary.Extensions.Streaming;
using Granary.Grains.Streams;
using Granary.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Hosting;

/// <summary>A test client finds gateways in the PostgreSQL membership table, as the gateway process will.</summary>
public sealed class GranaryClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration[$"{DatabaseOptions.SectionName}:ConnectionString"]!;
        var postgres = configuration[$"{DatabaseOptions.SectionName}:Provider"] == "Postgres";
        clientBuilder.AddRelationalStreams(StreamProvider.Name, options =>
        {
            options.Database = postgres ? DatabaseKind.Postgres : DatabaseKind.Sqlite;
            options.ConnectionString = connectionString;
        });
        if (postgres)
        {
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
        }

        clientBuilder.AddRejectedCallRetry();

        // Calls to a killed silo's grains fail within seconds; tests retry them until the cluster has recovered.
        clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
    }
}
