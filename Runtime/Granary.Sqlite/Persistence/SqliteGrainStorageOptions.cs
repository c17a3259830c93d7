namespace Granary.Sqlite.Persistence;

/// <summary>Settings of one SQLite grain storage, named by the storage name (configuration section <c>Granary:Storage:{name}</c>).</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>Required. A Microsoft.Data.Sqlite connection string, for example <c>Data Source=granary.db</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The table holding grain state; created at silo start if missing. Default <c>granary_grain_state</c>.</summary>
    public string TableName { get; set; } = "granary_grain_state";

    /// <summary>
    /// How long a statement waits for another writer to release the database before failing. SQLite admits one
    /// writer at a time, so concurrent activations queue here instead of failing with SQLITE_BUSY. Default 30 s.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
