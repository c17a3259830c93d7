using System.Data.Common;
using System.Globalization;
using Granary.Persistence;
using Granary.Persistence.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Persistence;

/// <summary>
/// Grain state in one SQLite table keyed by (grain_type, grain_key, state_name), with the ETag and tombstone rules
/// of <see cref="RelationalGrainStorage"/>. SQLite admits one writer per database, so this instance queues its
/// writers, and the database runs in WAL mode so readers never wait for them.
/// </summary>
internal sealed partial class SqliteGrainStorage : RelationalGrainStorage
{
    private const string ProviderDisplayName = "Sqlite";

    private readonly string _tableName;
    private readonly SqliteConnections _connections;

    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IGrainStateSerializer serializer,
        TimeProvider timeProvider,
        ILogger logger)
        : base(ProviderDisplayName, name, CreateStatements(options), serializer, timeProvider, logger, serializeWrites: true)
    {
        _tableName = options.TableName;
        _connections = new SqliteConnections(options.ConnectionString, options.BusyTimeout);
    }

    /// <summary>Switches the database to WAL (readers never wait for the writer) and creates the table if missing.</summary>
    public override async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        var sql =
            "PRAGMA journal_mode = WAL;"
            + $"CREATE TABLE IF NOT EXISTS \"{_tableName}\" ("
            + "grain_type TEXT NOT NULL, "
            + "grain_key TEXT NOT NULL, "
            + "state_name TEXT NOT NULL, "
            + "version INTEGER NOT NULL, "
            + "payload BLOB NULL, "
            + "payload_format TEXT NOT NULL, "
            + "modified_at TEXT NOT NULL, "
            + "PRIMARY KEY (grain_type, grain_key, state_name)"
            + ") WITHOUT ROWID;";
        try
        {
            using var turn = await EnterWriteTurnAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, sql);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw SchemaFailure($"'{_tableName}'", ex);
        }

        Log.SchemaEnsured(Logger, Name, _tableName);
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override DbCommand CreateCommand(DbConnection connection, string sql)
    {
        return _connections.WithTimeout(base.CreateCommand(connection, sql));
    }

    protected override DbParameter CreateTextParameter(string name, string value) =>
        new SqliteParameter("@" + name, SqliteType.Text) { Value = value };

    protected override DbParameter CreateInt64Parameter(string name, long value) =>
        new SqliteParameter("@" + name, SqliteType.Integer) { Value = value };

    protected override DbParameter CreateBinaryParameter(string name, byte[]? value) =>
        new SqliteParameter("@" + name, SqliteType.Blob) { Value = (object?)value ?? DBNull.Value };

    // Stored as round-trip ISO 8601 text, which sorts chronologically.
    protected override DbParameter CreateTimestampParameter(string name, DateTimeOffset value) =>
        new SqliteParameter("@" + name, SqliteType.Text) { Value = value.ToString("O", CultureInfo.InvariantCulture) };

    private static RelationalGrainStateStatements CreateStatements(SqliteGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!StorageIdentifier.IsValid(options.TableName))
        {
            throw new ArgumentException($"Table name '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        return RelationalGrainStateStatements.WithOnConflictAndReturning($"\"{options.TableName}\"", terminator: ";");
    }
}
