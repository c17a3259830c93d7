using System.Data.Common;
using System.Globalization;
using Granary.Persistence.Relational;
using Granary.Reminders.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Sqlite.Reminders;

/// <summary>
/// The reminders of one cluster in a SQLite file (the rules live in <see cref="RelationalReminderTable"/>). Writes run
/// one at a time per silo (SQLite's single writer); the database runs in WAL mode so reads never wait for them. Times
/// are fixed-width ISO-8601 UTC text, like the SQLite membership table's.
/// </summary>
internal sealed partial class SqliteReminderTable : RelationalReminderTable
{
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    private readonly SqliteReminderOptions _options;
    private readonly SqliteConnections _connections;

    /// <param name="loggerFactory">Creates this table's logger; none logs nothing.</param>
    public SqliteReminderTable(SqliteReminderOptions options, TimeProvider time, ILoggerFactory? loggerFactory)
        : base(
            "SQLite",
            Validated(options).ClusterId,
            RelationalReminderStatements.WithOnConflict(Table(options), terminator: ";"),
            time,
            (ILogger?)loggerFactory?.CreateLogger<SqliteReminderTable>() ?? NullLogger.Instance,
            serializeWrites: true,
            cancellationWins: true)
    {
        _options = options;
        _connections = new SqliteConnections(options.ConnectionString, options.BusyTimeout);
    }

    protected override async Task InitializeTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql =
            "PRAGMA journal_mode = WAL;"
            + $"CREATE TABLE IF NOT EXISTS {Table(_options)} ("
            + "cluster_id TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, reminder_name TEXT NOT NULL, "
            + "grain_hash INTEGER NOT NULL, start_at TEXT NOT NULL, period_ms INTEGER NOT NULL, version INTEGER NOT NULL, modified_at TEXT NOT NULL, "
            + "PRIMARY KEY (cluster_id, grain_type, grain_key, reminder_name)) WITHOUT ROWID;";
        var command = CreateCommand(connection, sql);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void LogInitialized() => Log.Initialized(Logger, ClusterId, _options.TableName);

    protected override Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);

    protected override DbCommand CreateCommand(DbConnection connection, string sql)
    {
        var command = ((SqliteConnection)connection).CreateCommand();
        command.CommandText = sql;
        return _connections.WithTimeout(command);
    }

    protected override DbParameter CreateTextParameter(string name, string value) => new SqliteParameter("@" + name, SqliteType.Text) { Value = value };

    protected override DbParameter CreateInt64Parameter(string name, long value) => new SqliteParameter("@" + name, SqliteType.Integer) { Value = value };

    protected override DbParameter CreateTimeParameter(string name, DateTime utc) =>
        new SqliteParameter("@" + name, SqliteType.Text) { Value = utc.ToString(TimeFormat, CultureInfo.InvariantCulture) };

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) =>
        DateTime.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static SqliteReminderOptions Validated(SqliteReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!StorageIdentifier.IsValid(options.TableName))
        {
            throw new ArgumentException($"Table name '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        return options;
    }

    private static string Table(SqliteReminderOptions options) => $"\"{options.TableName}\"";
}
