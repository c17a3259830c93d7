using Granary.Hosting;
using Granary.Reminders.Relational;
using Microsoft.Extensions.Configuration;

namespace Granary.Sqlite.Reminders;

/// <summary>Keeps a silo's reminders in a SQLite file: the embedded default, and clusters of silo processes on one machine.</summary>
public static class SqliteReminderSiloBuilderExtensions
{
    private static readonly RelationalReminderRegistration<SqliteReminderOptions> Registration = new(
        SqliteReminderOptions.SectionName,
        settingsPath => new SqliteReminderOptionsValidator(settingsPath),
        (options, time, loggerFactory) => new SqliteReminderTable(options, time, loggerFactory));

    /// <summary>Uses SQLite reminders configured from section <c>Granary:Reminders</c> (ConnectionString, ClusterId, TableName, BusyTimeout).</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder) => Registration.Use(builder);

    /// <summary>Uses SQLite reminders bound from <paramref name="configuration"/>.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, IConfiguration configuration) => Registration.Use(builder, configuration);

    /// <summary>Uses SQLite reminders configured in code.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderOptions> configure) =>
        Registration.Use(builder, configure);
}
