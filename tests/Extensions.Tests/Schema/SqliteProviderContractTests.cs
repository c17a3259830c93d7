using Granary.Extensions.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace Granary.Extensions.Tests.Schema;

/// <summary>
/// Orleans' ADO.NET grain storage and reminders on an embedded SQLite file (invariant "System.Data.SQLite", opened by
/// Microsoft.Data.Sqlite) on the project's SQLite scripts; clustering is the embedded default, localhost.
/// </summary>
public sealed class SqliteProviderContractTests
{
    private const string Invariant = "System.Data.SQLite";

    [Fact]
    public async Task Grain_state_round_trips()
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline);
        await using var database = await MigratedDatabaseAsync(timeout.Token);
        var silo = await StartSiloAsync(database, timeout.Token);
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
        var silo = await StartSiloAsync(database, timeout.Token);
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
        var silo = await StartSiloAsync(database, timeout.Token);
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

    private static async Task<ScratchDatabase> MigratedDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = await ScratchDatabase.CreateAsync(DatabaseKind.Sqlite, null, cancellationToken);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Sqlite, database.ConnectionString, cancellationToken);
        return database;
    }

    private static Task<IHost> StartSiloAsync(ScratchDatabase database, CancellationToken cancellationToken) =>
        TestSilo.StartSiloAsync(
            silo => silo
                .UseLocalhostClustering(TestSilo.FreePort(), TestSilo.FreePort(), null, "granary-tests", "c-" + Guid.NewGuid().ToString("N"))
                .AddAdoNetGrainStorage("store", options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString))
                .AddAdoNetGrainStorage("deleting", options =>
                {
                    (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString);
                    options.DeleteStateOnClear = true;
                })
                .UseAdoNetReminderService(options => (options.Invariant, options.ConnectionString) = (Invariant, database.ConnectionString)),
            cancellationToken);
}
