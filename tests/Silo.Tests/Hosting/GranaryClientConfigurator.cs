using Granary.Extensions.Resilience;
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
        var connectionString = configuration[$"{DatabaseOptions.SectionName}:ConnectionString"];
        if (configuration[$"{DatabaseOptions.SectionName}:Provider"] == "Postgres")
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
