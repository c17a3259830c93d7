using System.Data.Common;
using System.Globalization;
using System.Text;
using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Granary.Extensions.Tests.Schema;

/// <summary>
/// A fresh, empty database of one kind for one test: a new database on the shared PostgreSQL server, or a SQLite
/// file in a temporary folder (deleted on dispose). Knows how to dump its schema so runs can be compared.
/// </summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private ScratchDatabase(DatabaseKind kind, string connectionString, string? folder)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _folder = folder;
    }

    public DatabaseKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>The ADO.NET invariant Orleans' providers take for this database.</summary>
    public string Invariant => Kind == DatabaseKind.Postgres ? "Npgsql" : "System.Data.SQLite";

    /// <summary>A new database; <paramref name="server"/> is needed for PostgreSQL only.</summary>
    public static async Task<ScratchDatabase> CreateAsync(DatabaseKind kind, PostgresServer? server, CancellationToken cancellationToken)
    {
        if (kind == DatabaseKind.Postgres)
        {
            ArgumentNullException.ThrowIfNull(server);
            return new ScratchDatabase(kind, await server.CreateDatabaseAsync(cancellationToken), null);
        }

        var folder = Directory.CreateTempSubdirectory("granary-sqlite-").FullName;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "granary.db"), Pooling = true }.ConnectionString;
        return new ScratchDatabase(kind, connectionString, folder);
    }

    /// <summary>A view of a database made elsewhere (not deleted on dispose).</summary>
    public static ScratchDatabase Existing(DatabaseKind kind, string connectionString) => new(kind, connectionString, null);

    public DbConnection CreateConnection() => Kind == DatabaseKind.Postgres
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Every query key stored in OrleansQuery.</summary>
    public async Task<IReadOnlyList<string>> QueryKeysAsync(CancellationToken cancellationToken)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in await RowsAsync("SELECT QueryKey FROM OrleansQuery", cancellationToken))
        {
            keys.Add(row);
        }

        return [.. keys];
    }

    /// <summary>
    /// Tables, columns, indexes, constraints, the OrleansQuery rows and the history rows, as text. On PostgreSQL the
    /// OrleansQuery rows carry their xmin too, so a re-run that rewrote a row with the same text still shows.
    /// </summary>
    public async Task<string> DumpAsync(CancellationToken cancellationToken)
    {
        string[] queries = Kind == DatabaseKind.Postgres
            ?
            [
                "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname",
                "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname",
                "SELECT QueryKey, QueryText, xmin::text FROM OrleansQuery ORDER BY QueryKey",
                "SELECT module, version, name, checksum, applied_at FROM granary_schema_history ORDER BY module, version",
            ]
            :
            [
                "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name",
                "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey",
                "SELECT module, version, name, checksum, applied_at FROM granary_schema_history ORDER BY module, version",
            ];
        var dump = new StringBuilder();
        foreach (var query in queries)
        {
            dump.AppendLine(CultureInfo.InvariantCulture, $"-- {query}");
            foreach (var row in await RowsAsync(query, cancellationToken))
            {
                dump.AppendLine(row);
            }
        }

        return dump.ToString();
    }

    public ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            // Pooled connections keep the file open; release them before deleting it.
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test for.
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task<List<string>> RowsAsync(string query, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty;
            }

            rows.Add(string.Join(" | ", fields));
        }

        return rows;
    }
}
