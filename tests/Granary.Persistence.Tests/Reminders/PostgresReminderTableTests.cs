using Granary.Postgres.Reminders;
using Granary.Reminders;
using Granary.TestInfrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Persistence.Tests.Reminders;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresServer server) : ReminderTableContractTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    protected override async Task<IReminderTable> CreateTableAsync(string clusterId)
    {
        var host = await ReminderHost.StartAsync(builder => builder.UsePostgresReminderService(options =>
        {
            options.ConnectionString = server.ConnectionString;
            options.ClusterId = clusterId;
        }));
        Own(host);
        return host.Table;
    }

    [Fact]
    public async Task A_stopped_server_is_a_reminder_exception_and_work_resumes_after_restart()
    {
        if (!server.IsThrowaway)
        {
            return; // a server from GRANARY_TEST_POSTGRES is not ours to stop
        }

        var table = await CreateTableAsync(NewClusterId());
        var grain = NewGrain();
        var eTag = await table.UpsertRowAsync(Entry(grain, "r"), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => table.ReadAllRowsAsync(CancellationToken.None))); // pooled connections die with the server

        await server.StopAsync();
        try
        {
            var readError = await Assert.ThrowsAsync<ReminderException>(() => table.ReadAllRowsAsync(CancellationToken.None).WaitAsync(NoHang));
            Assert.IsAssignableFrom<NpgsqlException>(readError.InnerException);
            await Assert.ThrowsAsync<ReminderException>(() => table.UpsertRowAsync(Entry(grain, "other"), CancellationToken.None).WaitAsync(NoHang));
            await Assert.ThrowsAsync<ReminderException>(() => table.RemoveRowAsync(grain, "r", eTag, CancellationToken.None).WaitAsync(NoHang));
        }
        finally
        {
            await server.StartAsync();

            // Idle connections other tests left in Npgsql's global pools died with the server; drop them so those
            // tests' next queries open fresh ones.
            NpgsqlConnection.ClearAllPools();
        }

        Assert.Equal(eTag, (await table.ReadRowAsync(grain, "r", CancellationToken.None))?.ETag);
        Assert.True(await table.RemoveRowAsync(grain, "r", eTag, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_connection_string_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ReminderHost.StartAsync(builder => builder.UsePostgresReminderService()));

        Assert.Contains("Granary:Reminders:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_schema_and_table_are_created_from_configuration()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await ReminderHost.StartAsync(
            builder => builder.UsePostgresReminderService(),
            new Dictionary<string, string?>
            {
                ["Granary:Reminders:ConnectionString"] = connectionString,
                ["Granary:Reminders:ClusterId"] = "prod",
                ["Granary:Reminders:Schema"] = "timers",
                ["Granary:Reminders:TableName"] = "Reminders",
            });
        var grain = NewGrain();

        await host.Table.UpsertRowAsync(Entry(grain, "r", period: TimeSpan.FromMinutes(90)), CancellationToken.None);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT grain_hash, period_ms FROM timers.\"Reminders\" WHERE cluster_id = 'prod'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)grain.GetUniformHashCode(), reader.GetInt64(0));
        Assert.Equal(90 * 60 * 1000L, reader.GetInt64(1));
    }

    [Fact]
    public async Task Without_schema_creation_a_missing_table_is_a_reminder_exception()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await ReminderHost.StartAsync(builder => builder.UsePostgresReminderService(options =>
        {
            options.ConnectionString = connectionString;
            options.CreateSchema = false;
        }));

        var error = await Assert.ThrowsAsync<ReminderException>(() => host.Table.ReadAllRowsAsync(CancellationToken.None));

        Assert.IsType<PostgresException>(error.InnerException);
    }
}
