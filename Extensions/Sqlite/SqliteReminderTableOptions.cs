namespace Granary.Extensions.Sqlite;

/// <summary>Settings of <see cref="SqliteReminderTable"/>.</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>Microsoft.Data.Sqlite connection string of the file (its table comes from the schema scripts).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Most writes committed in one transaction, when this table is the first to open the file's writer.</summary>
    public int MaxWritesPerCommit { get; set; } = 256;
}
