namespace Granary.Extensions.Schema;

/// <summary>The databases the project ships schema scripts for.</summary>
public enum DatabaseKind
{
    /// <summary>An embedded SQLite file (Microsoft.Data.Sqlite): the one-process default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql): the cluster mode.</summary>
    Postgres,
}
