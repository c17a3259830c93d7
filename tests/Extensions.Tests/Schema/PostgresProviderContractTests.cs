using System.Net;
using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Granary.Extensions.Tests.Schema;

/// <summary>Orleans' ADO.NET clustering, grain storage and reminders (invariant "Npgsql") on the project's PostgreSQL scripts.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProviderContractTests(PostgresServer server) : ProviderContractTests
{
    protected override DatabaseKind Database => DatabaseKind.Postgres;

    protected override PostgresServer? Server => server;

    [Fact]
    public async Task Two_silos_form_a_cluster_through_the_membership_table()
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline * 2);
        await using var database = await MigratedDatabaseAsync(timeout.Token);
        var clusterId = "c-" + Guid.NewGuid().ToString("N");
        IHost? first = await StartSiloAsync(database, clusterId, timeout.Token);
        IHost? second = null;
        IHost? client = null;
        try
        {
            second = await StartSiloAsync(database, clusterId, timeout.Token);
            await TestSilo.WaitUntilAsync(
                async () => await database.CountAsync($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = 3", timeout.Token) == 2,
                "two active rows in OrleansMembershipTable",
                timeout.Token);
            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await TestSilo.WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "both silos active in the first silo's view", timeout.Token);

            // A client finds the gateways through the same table (GatewaysQueryKey).
            client = await TestSilo.StartClientAsync(
                builder => builder
                    .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, "granary-tests"))
                    .UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString)),
                timeout.Token);
            Assert.Equal(1, await client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("via-gateway").IncrementAsync());

            // A graceful stop marks the silo dead (UpdateMembershipKey); cleanup then forgets it (CleanupDefunctSiloEntriesKey).
            var membership = first.Services.GetRequiredService<IMembershipTable>();
            await TestSilo.StopAsync(client);
            client = null;
            await TestSilo.StopAsync(second);
            second = null;
            await TestSilo.WaitUntilAsync(
                async () => await database.CountAsync($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = 6", timeout.Token) == 1,
                "the stopped silo's row marked dead",
                timeout.Token);
            await membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(5), timeout.Token);
            Assert.Equal(1, await database.CountAsync($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}'", timeout.Token));
            Assert.Equal(1, await database.CountAsync($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = 3", timeout.Token));

            await TestSilo.StopAsync(first);
            first = null;
            await membership.DeleteMembershipTableEntriesAsync(clusterId, timeout.Token);
            Assert.Equal(0, await database.CountAsync($"SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}'", timeout.Token));
            Assert.Equal(0, await database.CountAsync($"SELECT COUNT(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = '{clusterId}'", timeout.Token));
        }
        finally
        {
            foreach (var host in new[] { client, second, first })
            {
                if (host is not null)
                {
                    await TestSilo.StopAsync(host);
                }
            }
        }
    }

    private protected override ISiloBuilder UseClustering(ISiloBuilder silo, ScratchDatabase database, string clusterId) => silo
        .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, "granary-tests"))
        .ConfigureEndpoints(IPAddress.Loopback, TestSilo.FreePort(), TestSilo.FreePort())
        .UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString));
}
