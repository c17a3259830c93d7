using System.Data.Common;
using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Granary.Silo.Database;

/// <summary>The one connection string a process uses for every provider, so they share one pool; and how to describe it safely in logs.</summary>
internal static class DatabaseConnection
{
    public const string DefaultSqliteConnectionString = "Data Source=granary.db";

    /// <summary>Orleans' ADO.NET invariant for the database (SQLite's maps to Microsoft.Data.Sqlite inside Orleans).</summary>
    public static string Invariant(DatabaseKind database) => database switch
    {
        DatabaseKind.Postgres => "Npgsql",
        _ => "System.Data.SQLite",
    };

    /// <summary>The configured connection string with the pool bound applied (PostgreSQL) or the default file (SQLite).</summary>
    public static string Resolve(DatabaseOptions options)
    {
        if (options.Provider == DatabaseKind.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(options.ConnectionString) ? DefaultSqliteConnectionString : options.ConnectionString);
            return sqlite.ConnectionString;
        }

        var postgres = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!ContainsKeyword(options.ConnectionString!, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            postgres.MaxPoolSize = options.MaxPoolSize;
        }

        return postgres.ConnectionString;
    }

    /// <summary>Where the connection goes, without credentials: for logs and error messages.</summary>
    public static string Describe(DatabaseKind database, string connectionString) => database switch
    {
        DatabaseKind.Postgres => Describe(new NpgsqlConnectionStringBuilder(connectionString)),
        _ => $"SQLite file '{Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}'",
    };

    private static string Describe(NpgsqlConnectionStringBuilder builder)
        => $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port} as '{builder.Username}'";

    private static bool ContainsKeyword(string connectionString, params string[] keywords)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(builder.ContainsKey);
    }
}
