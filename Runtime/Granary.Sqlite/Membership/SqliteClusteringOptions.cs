namespace Granary.Sqlite.Membership;

/// <summary>Where a one-machine dev cluster keeps membership in SQLite (configuration section <c>Granary:Clustering</c>).</summary>
public sealed class SqliteClusteringOptions
{
    public const string SectionName = "Granary:Clustering";

    /// <summary>Required. A Microsoft.Data.Sqlite connection string, for example <c>Data Source=granary.db</c>; every silo of the cluster uses the same file.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The cluster this silo belongs to; several clusters can share the file. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The table of silo rows; the table versions live in <c>{TableName}_version</c>. Both are created at start. Default <c>granary_membership</c>.</summary>
    public string TableName { get; set; } = "granary_membership";

    /// <summary>How long a statement waits for another writer (another silo process) before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
