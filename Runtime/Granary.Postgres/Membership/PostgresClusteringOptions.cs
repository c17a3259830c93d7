namespace Granary.Postgres.Membership;

/// <summary>Where a silo keeps cluster membership in PostgreSQL (configuration section <c>Granary:Clustering</c>).</summary>
public sealed class PostgresClusteringOptions
{
    public const string SectionName = "Granary:Clustering";

    /// <summary>Required. An Npgsql connection string, for example <c>Host=db;Database=granary;Username=silo;Password=...</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The cluster this silo belongs to; several clusters can share the tables. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The PostgreSQL schema holding the tables. Default <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The table of silo rows; the table versions live in <c>{TableName}_version</c>. Default <c>granary_membership</c>.</summary>
    public string TableName { get; set; } = "granary_membership";

    /// <summary>
    /// Whether the silo creates the schema and tables at start (running the embedded <c>MembershipSchema.sql</c>).
    /// Set false when a DBA applies that file and the silo's role may not run DDL. Default true.
    /// </summary>
    public bool CreateSchema { get; set; } = true;
}
