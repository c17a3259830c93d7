using Granary.Reminders;
using Granary.Sqlite.Reminders;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"granary-reminders-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={_path}";

    protected override async Task<IReminderTable> CreateTableAsync(string clusterId)
    {
        var host = await ReminderHost.StartAsync(builder => builder.UseSqliteReminderService(options =>
        {
            options.ConnectionString = ConnectionString;
            options.ClusterId = clusterId;
        }));
        Own(host);
        return host.Table;
    }

    [Fact]
    public async Task Settings_come_from_the_Granary_Reminders_section()
    {
        await using var host = await ReminderHost.StartAsync(
            builder => builder.UseSqliteReminderService(),
            new Dictionary<string, string?>
            {
                ["Granary:Reminders:ConnectionString"] = ConnectionString,
                ["Granary:Reminders:ClusterId"] = "configured",
                ["Granary:Reminders:TableName"] = "timers_of_record",
            });

        await host.Table.UpsertRowAsync(Entry(NewGrain(), "r"), CancellationToken.None);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM timers_of_record WHERE cluster_id = 'configured'";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_missing_connection_string_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ReminderHost.StartAsync(builder => builder.UseSqliteReminderService()));

        Assert.Contains("Granary:Reminders:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_table_name_and_a_bad_minimum_period_name_their_settings()
    {
        // Two options classes fail, so start-up reports both at once.
        var error = await Assert.ThrowsAsync<AggregateException>(() => ReminderHost.StartAsync(
            builder => builder.UseSqliteReminderService(options =>
            {
                options.ConnectionString = ConnectionString;
                options.TableName = "x; DROP TABLE y";
            }),
            new Dictionary<string, string?> { ["Granary:Reminders:MinimumReminderPeriod"] = "00:00:00" }));

        var messages = string.Join(" | ", error.InnerExceptions.OfType<OptionsValidationException>().Select(e => e.Message));
        Assert.Contains("Granary:Reminders:TableName", messages, StringComparison.Ordinal);
        Assert.Contains("Granary:Reminders:MinimumReminderPeriod", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_is_a_reminder_exception()
    {
        var directory = Directory.CreateTempSubdirectory("granary-reminders-");
        try
        {
            var error = await Assert.ThrowsAsync<ReminderException>(() => ReminderHost.StartAsync(
                builder => builder.UseSqliteReminderService(options => options.ConnectionString = $"Data Source={directory.FullName}")));
            Assert.Contains("SQLite reminders failed to initialize the reminder table", error.Message, StringComparison.Ordinal);
            Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error.InnerException);
        }
        finally
        {
            directory.Delete();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[_path, _path + "-wal", _path + "-shm"])
        {
            File.Delete(file);
        }
    }
}
