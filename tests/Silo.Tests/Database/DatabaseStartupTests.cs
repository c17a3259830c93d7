using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Granary.Silo.Database;
using Granary.Silo.Tests.Hosting;
using Granary.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Silo.Tests.Database;

/// <summary>The start-up step against a real PostgreSQL: verify mode, and an unreachable server retried until it returns.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseStartupTests(PostgresServer postgres)
{
    [Fact]
    public async Task Verify_mode_refuses_a_database_without_the_schema_and_names_the_migrate_command()
    {
        var startup = Startup(await postgres.CreateDatabaseAsync(), new CapturingLogger<DatabaseStartup>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => startup.RunAsync(SchemaMode.Verify, CancellationToken.None));

        Assert.Contains("migrate", error.Message, StringComparison.Ordinal);
        Assert.Contains("Granary:Database:Schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_mode_accepts_a_migrated_database()
    {
        var startup = Startup(await postgres.CreateDatabaseAsync(), new CapturingLogger<DatabaseStartup>());

        await startup.RunAsync(SchemaMode.Migrate, CancellationToken.None);
        await startup.RunAsync(SchemaMode.Verify, CancellationToken.None);
    }

    [Fact]
    public async Task Verify_mode_refuses_a_database_whose_applied_script_differs_from_the_shipped_one()
    {
        var database = await postgres.CreateDatabaseAsync();
        var startup = Startup(database, new CapturingLogger<DatabaseStartup>());
        await startup.RunAsync(SchemaMode.Migrate, CancellationToken.None);
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var edit = new Npgsql.NpgsqlCommand("UPDATE granary_schema_history SET checksum = 'EDITED' WHERE module = 'persistence'", connection);
            await edit.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<SchemaChecksumMismatchException>(() => startup.RunAsync(SchemaMode.Verify, CancellationToken.None));
    }

    [Fact]
    public async Task A_database_that_comes_back_during_the_start_up_window_is_waited_for()
    {
        Assert.True(postgres.IsThrowaway, "this test stops and starts its own server");
        var database = await postgres.CreateDatabaseAsync();
        var log = new CapturingLogger<DatabaseStartup>();
        var startup = Startup(database, log, TimeSpan.FromMinutes(3));

        await postgres.StopAsync();
        Task running;
        try
        {
            running = startup.RunAsync(SchemaMode.Migrate, CancellationToken.None);
            await Eventually.SucceedsAsync(() => Task.FromResult(log.Lines.Count(line => line.Contains("Database not reachable yet", StringComparison.Ordinal)) >= 2), "two logged retries");
            Assert.False(running.IsCompleted);
        }
        finally
        {
            await postgres.StartAsync();
        }

        await running.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Contains(log.Lines, line => line.Contains("Database ready", StringComparison.Ordinal));
    }

    private static DatabaseStartup Startup(string connectionString, CapturingLogger<DatabaseStartup> log, TimeSpan? timeout = null) => new(
        new DatabaseOptions { Provider = DatabaseKind.Postgres, ConnectionString = connectionString, StartupTimeout = timeout ?? TimeSpan.FromSeconds(30) },
        new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System),
        TimeProvider.System,
        log);
}
