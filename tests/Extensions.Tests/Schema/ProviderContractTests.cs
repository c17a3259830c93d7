using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace Granary.Extensions.Tests.Schema;

/// <summary>
/// Orleans' ADO.NET grain storage and reminders on the project's scripts, through a real silo on a freshly migrated
/// database; each database's class says how its silos cluster.
/// </summary>
public abstract class ProviderContractTests
{
    protected abstract DatabaseKind Database { get; }

    /// <summary>The PostgreSQL server, or null for SQLite files.</summary>
    protected virtual PostgresServer? Server => null;

    protected string Invariant => Database == DatabaseKind.Postgres ? "Npgsql" : "System.Data.SQLite";

    [Fact]
    public Task Grain_state_round_trips() => OnFreshSiloAsync(async (silo, database, cancellationToken) =>
    {
        await ProviderContract.GrainStateRoundTripsAsync(silo.Services.GetRequiredService<IGrainFactory>(), database, cancellationToken);
        await ProviderContract.KeysOfEveryShapeRoundTripAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("store"));
    });

    [Fact]
    public Task A_stale_etag_raises_InconsistentStateException() => OnFreshSiloAsync(async (silo, database, cancellationToken) =>
    {
        await ProviderContract.StaleWritersConflictAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("store"));
        await ProviderContract.ConcurrentWritersOneWinsAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("store"));
        await ProviderContract.DeleteOnClearRemovesTheRowAsync(silo.Services.GetRequiredKeyedService<IGrainStorage>("deleting"), database, cancellationToken);
    });

    [Fact]
    public Task Reminders_register_get_unregister() => OnFreshSiloAsync((silo, database, cancellationToken) =>
        ProviderContract.RemindersRegisterGetUnregisterAsync(
            silo.Services.GetRequiredService<IGrainFactory>(), silo.Services.GetRequiredService<IReminderTable>(), database, cancellationToken));

    /// <summary>Joins the silo to its cluster (ADO.NET membership on PostgreSQL, localhost on SQLite).</summary>
    private protected abstract ISiloBuilder UseClustering(ISiloBuilder silo, ScratchDatabase database, string clusterId);

    private protected async Task<ScratchDatabase> MigratedDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = await ScratchDatabase.CreateAsync(Database, Server, cancellationToken);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(Database, database.ConnectionString, cancellationToken);
        return database;
    }

    private protected Task<IHost> StartSiloAsync(ScratchDatabase database, string clusterId, CancellationToken cancellationToken) =>
        TestSilo.StartSiloAsync(
            silo => UseClustering(silo, database, clusterId)
                .AddAdoNetGrainStorage("store", options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString))
                .AddAdoNetGrainStorage("deleting", options =>
                {
                    (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString);
                    options.DeleteStateOnClear = true;
                })
                .UseAdoNetReminderService(options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString)),
            cancellationToken);

    private async Task OnFreshSiloAsync(Func<IHost, ScratchDatabase, CancellationToken, Task> test)
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline);
        await using var database = await MigratedDatabaseAsync(timeout.Token);
        var silo = await StartSiloAsync(database, "c-" + Guid.NewGuid().ToString("N"), timeout.Token);
        try
        {
            await test(silo, database, timeout.Token);
        }
        finally
        {
            await TestSilo.StopAsync(silo);
        }
    }
}
