namespace Granary.Postgres.Reminders;

/// <summary>Where a silo keeps reminders in PostgreSQL (configuration section <c>Granary:Reminders</c>).</summary>
public sealed class PostgresReminderOptions
{
    public const string SectionName = "Granary:Reminders";

    /// <summary>Required. An Npgsql connection string, for example <c>Host=db;Database=granary;Username=silo;Password=...</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The cluster whose reminders this silo runs; several clusters can share the table. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The PostgreSQL schema holding the table. Default <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The table of reminders. Default <c>granary_reminders</c>.</summary>
    public string TableName { get; set; } = "granary_reminders";

    /// <summary>
    /// Whether the silo creates the schema and table at start (running the embedded <c>ReminderSchema.sql</c>).
    /// Set false when a DBA applies that file and the silo's role may not run DDL. Default true.
    /// </summary>
    public bool CreateSchema { get; set; } = true;
}
