using Granary.Extensions.Schema;

namespace Granary.Silo.Configuration;

/// <summary>
/// <c>Granary:Database</c>: where grain state, reminders, stream queues and (for PostgreSQL) cluster membership live.
/// One database and one connection pool per process.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Granary:Database";

    /// <summary><c>Sqlite</c> (default: the embedded one-process shop) or <c>Postgres</c> (a cluster of silos).</summary>
    public DatabaseKind Provider { get; set; } = DatabaseKind.Sqlite;

    /// <summary>ADO.NET connection string; defaults to <c>Data Source=granary.db</c> for SQLite, required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL connections one process may hold (applied unless the connection string sets <c>Maximum Pool Size</c>).
    /// Size it so that silos × this + gateways × theirs stays under the server's <c>max_connections</c>
    /// (Npgsql's own default, 100, lets three silos exhaust a default server).
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>SQLite only: <c>Granary</c> (default, the project's group-committing storage) or <c>AdoNet</c> (Orleans' provider).</summary>
    public SqliteStorageProvider SqliteStorage { get; set; } = SqliteStorageProvider.Granary;

    /// <summary><c>Migrate</c> (default) applies missing schema scripts at start-up; <c>Verify</c> only checks them.</summary>
    public SchemaMode Schema { get; set; } = SchemaMode.Migrate;

    /// <summary>How long start-up keeps retrying an unreachable database (with backoff) before the process exits non-zero.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
