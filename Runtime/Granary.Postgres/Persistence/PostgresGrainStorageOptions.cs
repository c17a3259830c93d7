namespace Granary.Postgres.Persistence;

/// <summary>Settings of one PostgreSQL grain storage, named by the storage name (configuration section <c>Granary:Storage:{name}</c>).</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>Required. An Npgsql connection string, for example <c>Host=db;Database=granary;Username=silo;Password=...</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The PostgreSQL schema holding the table. Default <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The table holding grain state. Default <c>granary_grain_state</c>.</summary>
    public string TableName { get; set; } = "granary_grain_state";

    /// <summary>
    /// Whether the silo creates the schema and table at start (running the embedded <c>GrainStateSchema.sql</c>).
    /// Set false when a DBA applies that file and the silo's role may not run DDL. Default true.
    /// </summary>
    public bool CreateSchema { get; set; } = true;
}
