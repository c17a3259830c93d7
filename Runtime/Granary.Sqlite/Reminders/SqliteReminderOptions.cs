namespace Granary.Sqlite.Reminders;

/// <summary>Where a silo keeps reminders in SQLite (configuration section <c>Granary:Reminders</c>): the embedded default.</summary>
public sealed class SqliteReminderOptions
{
    public const string SectionName = "Granary:Reminders";

    /// <summary>Required. A Microsoft.Data.Sqlite connection string, for example <c>Data Source=granary.db</c>; every silo of a cluster uses the same file.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The cluster whose reminders this silo runs; several clusters can share the file. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The table of reminders, created at start if missing. Default <c>granary_reminders</c>.</summary>
    public string TableName { get; set; } = "granary_reminders";

    /// <summary>How long a statement waits for another writer (another silo process) before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
