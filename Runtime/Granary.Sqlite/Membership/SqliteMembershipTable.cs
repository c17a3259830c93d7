using System.Data.Common;
using System.Globalization;
using Granary.Membership;
using Granary.Membership.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Sqlite.Membership;

/// <summary>
/// The membership table of one cluster in a SQLite file, for a one-machine dev cluster (the CAS flow lives in
/// <see cref="RelationalMembershipTable"/>). Writes run in an immediate transaction (SQLite's single writer lock), one
/// at a time per silo. Times are stored as fixed-width ISO-8601 UTC text (so text order is time order); suspect_times
/// is a JSON array like the PostgreSQL provider's.
/// </summary>
internal sealed partial class SqliteMembershipTable : RelationalMembershipTable
{
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    private readonly SqliteClusteringOptions _options;
    private readonly string _table;
    private readonly string _versionTable;
    private readonly SqliteConnections _connections;

    /// <param name="loggerFactory">Creates this table's logger; none logs nothing.</param>
    public SqliteMembershipTable(SqliteClusteringOptions options, ILoggerFactory? loggerFactory)
        : base(
            "SQLite",
            Validated(options).ClusterId,
            RelationalMembershipStatements.WithOnConflict(
                Table(options), VersionTable(options), terminator: ";", clusterIdSelect: "@cluster_id", suspectTimesSelect: "m.suspect_times", greatest: "MAX", now: "@now"),
            (ILogger?)loggerFactory?.CreateLogger<SqliteMembershipTable>() ?? NullLogger.Instance,
            serializeWrites: true, // SQLite admits one writer per database: queue this silo's writers asynchronously rather than in the busy handler.
            cancellationWins: true)
    {
        _options = options;
        _table = Table(options);
        _versionTable = VersionTable(options);
        _connections = new SqliteConnections(options.ConnectionString, options.BusyTimeout);
    }

    protected override async Task InitializeTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql =
            "PRAGMA journal_mode = WAL;"
            + $"CREATE TABLE IF NOT EXISTS {_versionTable} (cluster_id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, modified_at TEXT NOT NULL) WITHOUT ROWID;"
            + $"CREATE TABLE IF NOT EXISTS {_table} ("
            + "cluster_id TEXT NOT NULL, host TEXT NOT NULL, port INTEGER NOT NULL, generation INTEGER NOT NULL, "
            + "silo_name TEXT NOT NULL, host_name TEXT NOT NULL, status INTEGER NOT NULL, gateway_port INTEGER NULL, "
            + "start_time TEXT NOT NULL, iamalive_time TEXT NOT NULL, suspect_times TEXT NOT NULL DEFAULT '[]', version INTEGER NOT NULL, "
            + "PRIMARY KEY (cluster_id, host, port, generation)) WITHOUT ROWID;"
            + $"INSERT INTO {_versionTable} (cluster_id, version, modified_at) VALUES (@cluster_id, 0, @now) ON CONFLICT (cluster_id) DO NOTHING;";
        var command = Command(connection, null, sql);
        await using (command.ConfigureAwait(false))
        {
            AddNow(command);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void LogInitialized() => Log.Initialized(Logger, ClusterId, _options.TableName);

    protected override Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);

    protected override DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = ((SqliteConnection)connection).CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = sql;
        return _connections.WithTimeout(command);
    }

    protected override void AddClusterId(DbCommand command, string clusterId) => Parameters(command).Add("@cluster_id", SqliteType.Text).Value = clusterId;

    protected override void AddKey(DbCommand command, SiloAddress silo)
    {
        var parameters = Parameters(command);
        parameters.Add("@host", SqliteType.Text).Value = silo.Host;
        parameters.Add("@port", SqliteType.Integer).Value = silo.Port;
        parameters.Add("@generation", SqliteType.Integer).Value = silo.Generation;
    }

    protected override void AddEntry(DbCommand command, MembershipEntry entry)
    {
        var parameters = Parameters(command);
        parameters.Add("@silo_name", SqliteType.Text).Value = entry.SiloName;
        parameters.Add("@host_name", SqliteType.Text).Value = entry.HostName;
        parameters.Add("@status", SqliteType.Integer).Value = (int)entry.Status;
        parameters.Add("@gateway_port", SqliteType.Integer).Value = (object?)entry.GatewayPort ?? DBNull.Value;
        parameters.Add("@start_time", SqliteType.Text).Value = FormatTime(entry.StartTime);
        AddIAmAliveTime(command, entry.IAmAliveTime);
        parameters.Add("@suspect_times", SqliteType.Text).Value = SuspectTimesJson.Format(entry.SuspectTimes);
    }

    protected override void AddIAmAliveTime(DbCommand command, DateTimeOffset iAmAliveTime) =>
        Parameters(command).Add("@iamalive_time", SqliteType.Text).Value = FormatTime(iAmAliveTime);

    protected override void AddDefunctFilter(DbCommand command, SiloStatus dead, DateTimeOffset before)
    {
        Parameters(command).Add("@dead", SqliteType.Integer).Value = (int)dead;
        Parameters(command).Add("@before", SqliteType.Text).Value = FormatTime(before);
    }

    protected override void AddVersions(DbCommand command, int newVersion, int expectedVersion)
    {
        Parameters(command).Add("@new_version", SqliteType.Integer).Value = newVersion;
        Parameters(command).Add("@expected_version", SqliteType.Integer).Value = expectedVersion;
        AddNow(command);
    }

    protected override void AddRowVersion(DbCommand command, long rowVersion) => Parameters(command).Add("@row_version", SqliteType.Integer).Value = rowVersion;

    protected override bool TryParseRowVersion(string rowEtag, out long rowVersion) =>
        long.TryParse(rowEtag, NumberStyles.None, CultureInfo.InvariantCulture, out rowVersion);

    protected override SiloStatus ReadStatus(DbDataReader reader, int ordinal) => (SiloStatus)reader.GetInt32(ordinal);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    protected override string ReadRowVersion(DbDataReader reader, int ordinal) => FormatVersion(reader.GetInt64(ordinal));

    private static SqliteClusteringOptions Validated(SqliteClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!SqliteClusteringOptionsValidator.IsValidIdentifier(options.TableName))
        {
            throw new ArgumentException($"Table name '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        return options;
    }

    private static string Table(SqliteClusteringOptions options) => $"\"{options.TableName}\"";

    private static string VersionTable(SqliteClusteringOptions options) => $"\"{options.TableName}_version\"";

    private static SqliteParameterCollection Parameters(DbCommand command) => ((SqliteCommand)command).Parameters;

    private static void AddNow(DbCommand command) => Parameters(command).Add("@now", SqliteType.Text).Value = FormatTime(DateTimeOffset.UtcNow);

    private static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
