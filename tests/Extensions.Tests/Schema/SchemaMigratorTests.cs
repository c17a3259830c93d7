using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Extensions.Tests.Schema;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresServer server)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(DatabaseKind.Postgres)]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task Ships_every_query_key_the_providers_read(DatabaseKind kind)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var database = await ScratchDatabase.CreateAsync(kind, server, timeout.Token);
        await NewMigrator().MigrateAsync(kind, database.ConnectionString, timeout.Token);

        IEnumerable<string> expected = kind == DatabaseKind.Postgres
            ? [.. QueryKeys.Clustering, .. QueryKeys.Persistence, .. QueryKeys.Reminders]
            : [.. QueryKeys.Persistence, .. QueryKeys.Reminders];
        Assert.Equal(expected.Order(StringComparer.Ordinal), await database.QueryKeysAsync(timeout.Token));
    }

    [Theory]
    [InlineData(DatabaseKind.Postgres)]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task Applying_twice_changes_nothing(DatabaseKind kind)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var database = await ScratchDatabase.CreateAsync(kind, server, timeout.Token);
        var scripts = SchemaScripts.For(kind);
        var migrator = NewMigrator();

        var first = await migrator.MigrateAsync(kind, database.ConnectionString, timeout.Token);
        Assert.Equal(scripts.Select(script => script.Name), first.Select(script => script.Name));
        var afterFirst = await database.DumpAsync(timeout.Token);

        Assert.Empty(await migrator.MigrateAsync(kind, database.ConnectionString, timeout.Token));
        Assert.Equal(afterFirst, await database.DumpAsync(timeout.Token));

        // Each script is idempotent on its own too, not only through the history table.
        foreach (var script in scripts)
        {
            await database.ExecuteAsync(script.Sql, timeout.Token);
        }

        Assert.Equal(afterFirst, await database.DumpAsync(timeout.Token));
    }

    [Theory]
    [InlineData(DatabaseKind.Postgres)]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task An_older_release_upgrades_in_place(DatabaseKind kind)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var database = await ScratchDatabase.CreateAsync(kind, server, timeout.Token);
        var migrator = NewMigrator();
        var current = SchemaScripts.For(kind);
        var older = current.Where(script => script.Module != "reminders").ToList();
        await migrator.MigrateAsync(kind, database.ConnectionString, older, timeout.Token);
        Assert.False((await migrator.ReadVersionsAsync(kind, database.ConnectionString, timeout.Token)).ContainsKey("reminders"));
        await database.ExecuteAsync(
            "INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, Version) VALUES (1, 0, 7, 2, 'kept', 'svc', 3)",
            timeout.Token);

        // The newer release: the module the old one lacked, plus a second version of an existing module.
        var persistenceV2 = new SchemaScript("persistence", 2, "persistence.002.modified-index.sql", "CREATE INDEX IF NOT EXISTS ix_test_storage_modified ON OrleansStorage (ModifiedOn);");
        var applied = await migrator.MigrateAsync(kind, database.ConnectionString, [.. current, persistenceV2], timeout.Token);

        Assert.Equal(
            current.Where(script => script.Module == "reminders").Select(script => script.Name).Append(persistenceV2.Name).Order(StringComparer.Ordinal),
            applied.Select(script => script.Name).Order(StringComparer.Ordinal));
        var versions = await migrator.ReadVersionsAsync(kind, database.ConnectionString, timeout.Token);
        Assert.Equal(2, versions["persistence"]);
        Assert.Equal(1, versions["reminders"]);
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString = 'kept' AND Version = 3", timeout.Token));
        Assert.Equal(QueryKeys.Reminders.Count, await database.CountAsync("SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey LIKE '%Reminder%' OR QueryKey LIKE 'ReadRange%'", timeout.Token));
    }

    [Theory]
    [InlineData(DatabaseKind.Postgres)]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task A_database_from_a_newer_release_is_refused(DatabaseKind kind)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var database = await ScratchDatabase.CreateAsync(kind, server, timeout.Token);
        var migrator = NewMigrator();
        await migrator.MigrateAsync(kind, database.ConnectionString, timeout.Token);
        await database.ExecuteAsync(
            "INSERT INTO granary_schema_history (module, version, name, checksum, applied_at) VALUES ('persistence', 9, 'persistence.009.future.sql', 'ABC', '2030-01-01T00:00:00Z')",
            timeout.Token);

        var refused = await Assert.ThrowsAsync<SchemaTooNewException>(() => migrator.MigrateAsync(kind, database.ConnectionString, timeout.Token));

        Assert.Equal("persistence", refused.Module);
        Assert.Equal(9, refused.DatabaseVersion);
        Assert.Equal(1, refused.KnownVersion);
    }

    [Theory]
    [InlineData(DatabaseKind.Postgres)]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task An_edited_shipped_script_is_refused(DatabaseKind kind)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await using var database = await ScratchDatabase.CreateAsync(kind, server, timeout.Token);
        var migrator = NewMigrator();
        var shipped = SchemaScripts.For(kind);
        await migrator.MigrateAsync(kind, database.ConnectionString, shipped, timeout.Token);
        var edited = shipped.Select(script => script.Module == "persistence" ? script with { Sql = script.Sql + "\n-- edited after release\n" } : script).ToList();

        var refused = await Assert.ThrowsAsync<SchemaChecksumMismatchException>(() => migrator.MigrateAsync(kind, database.ConnectionString, edited, timeout.Token));

        Assert.Equal(shipped.Single(script => script.Module == "persistence").Name, refused.Script);
    }

    [Fact]
    public async Task Racing_migrators_on_one_postgres_database_apply_each_script_once()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var connectionString = await server.CreateDatabaseAsync(timeout.Token);
        var scripts = SchemaScripts.For(DatabaseKind.Postgres);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 3)
            .Select(_ => Task.Run(async () =>
            {
                await go.Task;
                return await NewMigrator().MigrateAsync(DatabaseKind.Postgres, connectionString, timeout.Token);
            }))
            .ToList();
        go.SetResult();

        var results = await Task.WhenAll(racers);

        Assert.Equal(
            scripts.Select(script => script.Name).Order(StringComparer.Ordinal),
            results.SelectMany(applied => applied).Select(script => script.Name).Order(StringComparer.Ordinal));
        await using var history = ScratchDatabase.Existing(DatabaseKind.Postgres, connectionString);
        Assert.Equal(scripts.Count, await history.CountAsync("SELECT COUNT(*) FROM granary_schema_history", timeout.Token));
        Assert.Equal(0, await history.CountAsync("SELECT COUNT(*) FROM (SELECT module, version FROM granary_schema_history GROUP BY module, version HAVING COUNT(*) > 1) AS twice", timeout.Token));
    }

    private static SchemaMigrator NewMigrator() => new(NullLogger<SchemaMigrator>.Instance, TimeProvider.System);
}
