using Granary.Hosting;
using Granary.Reminders.Relational;
using Microsoft.Extensions.Configuration;

namespace Granary.Postgres.Reminders;

/// <summary>Keeps a silo's reminders in PostgreSQL, shared by the silos of a cluster.</summary>
public static class PostgresReminderSiloBuilderExtensions
{
    private static readonly RelationalReminderRegistration<PostgresReminderOptions> Registration = new(
        PostgresReminderOptions.SectionName,
        settingsPath => new PostgresReminderOptionsValidator(settingsPath),
        (options, time, loggerFactory) => new PostgresReminderTable(options, time, loggerFactory));

    /// <summary>Uses PostgreSQL reminders configured from section <c>Granary:Reminders</c> (ConnectionString, ClusterId, Schema, TableName, CreateSchema).</summary>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder) => Registration.Use(builder);

    /// <summary>Uses PostgreSQL reminders bound from <paramref name="configuration"/>.</summary>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, IConfiguration configuration) => Registration.Use(builder, configuration);

    /// <summary>Uses PostgreSQL reminders configured in code.</summary>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, Action<PostgresReminderOptions> configure) =>
        Registration.Use(builder, configure);
}
