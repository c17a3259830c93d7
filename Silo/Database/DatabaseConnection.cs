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

    /// <summary>
    /// Statements each PostgreSQL connection keeps prepared (Npgsql's automatic preparation), unless the connection
    /// string sets <c>Max Auto Prepare</c>: Orleans' providers and the stream store run the same few dozen statements
    /// over and over, and a prepared one skips the server's parse and plan.
    /// </summary>
    public const int PostgresAutoPrepared = 64;

    /// <summary>
    /// The configured connection string with the pool bound applied (PostgreSQL) or the default file (SQLite). On
    /// PostgreSQL a pooled connection is also not reset when it goes back to the pool (<c>No Reset On Close</c>) unless
    /// the connection string says otherwise: the reset is a <c>DISCARD ALL</c> that Npgsql sends ahead of the next
    /// statement, one more server transaction per use, half of all the transactions an order made. Nothing in the
    /// process leaves session state on a connection (no <c>SET</c>, temporary tables, <c>LISTEN</c> or session
    /// advisory locks: the stream store and the migrator take transaction-scoped locks), and Npgsql still rolls back
    /// a transaction left open before the connection is reused. Code that does change session state must use a
    /// connection string of its own.
    /// </summary>
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

        if (!ContainsKeyword(options.ConnectionString!, "No Reset On Close", "NoResetOnClose"))
        {
            postgres.NoResetOnClose = true;
        }

        if (!ContainsKeyword(options.ConnectionString!, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            postgres.MaxAutoPrepare = PostgresAutoPrepared;
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
