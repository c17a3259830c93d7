using System.Net;
using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Storage;

namespace Granary.Extensions.Tests.Schema;

/// <summary>Orleans' ADO.NET clustering, grain storage and reminders (invariant "Npgsql") on the project's PostgreSQL scripts.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProviderContractTests(PostgresServer server)
{
    private const string Invariant = "Npgsql";

    [Fact]
    public async Task Grain_state_round_trips()
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline);
        await using var database = await MigratedDatabaseAsync(timeout.Token);
        var silo = await StartSiloAsync(database, "c-" + Guid.NewGuid().ToString("N"), timeout.Token);
        try
        {
            await ProviderContract.GrainStateRoundTripsAsync(silo.Services.GetRequiredService<IGrainFactory>(), database, timeout.Token);
            await ProviderContract.KeysOfEveryShapeRoundTripAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("store"));
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task A_stale_etag_raises_InconsistentStateException()
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline);
        await using var database = await MigratedDatabaseAsync(timeout.Token);
        var silo = await StartSiloAsync(database, "c-" + Guid.NewGuid().ToString("N"), timeout.Token);
        try
        {
            await ProviderContract.StaleWritersConflictAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("store"));
            await ProviderContract.ConcurrentWritersOneWinsAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("store"));
            await ProviderContract.DeleteOnClearRemovesTheRowAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("deleting"), database, timeout.Token);
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task Reminders_register_get_unregister()
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline);
        await using var database = await MigratedDatabaseAsync(timeout.Token);
        var silo = await StartSiloAsync(database, "c-" + Guid.NewGuid().ToString("N"), timeout.Token);
        try
        {
            await ProviderContract.RemindersRegisterGetUnregisterAsync(
                silo.Services.GetRequiredService<IGrainFactory>(), silo.Services.GetRequiredService<IReminderTable>(), database, timeout.Token);
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }
    }

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

    private async Task<ScratchDatabase> MigratedDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = await ScratchDatabase.CreateAsync(DatabaseKind.Postgres, server, cancellationToken);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Postgres, database.ConnectionString, cancellationToken);
        return database;
    }

    private static Task<IHost> StartSiloAsync(ScratchDatabase database, string clusterId, CancellationToken cancellationToken) =>
        TestSilo.StartSiloAsync(
            silo => silo
                .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, "granary-tests"))
                .ConfigureEndpoints(IPAddress.Loopback, TestSilo.FreePort(), TestSilo.FreePort())
                .UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString))
                .AddAdoNetGrainStorage("store", options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString))
                .AddAdoNetGrainStorage("deleting", options =>
                {
                    (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString);
                    options.DeleteStateOnClear = true;
                })
                .UseAdoNetReminderService(options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString)),
            cancellationToken);
}
