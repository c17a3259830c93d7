using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Granary.Membership;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Membership;

/// <summary>
/// The membership table of one cluster in a SQLite file, for a one-machine dev cluster. Reads are single statements.
/// Writes run in an immediate transaction (SQLite's single writer lock) that moves the cluster's version row from the
/// expected version to the new one and then inserts the row or updates it where its version (the row etag) matches;
/// if either changes nothing the transaction rolls back and the call returns false. Times are stored as fixed-width
/// ISO-8601 UTC text (so text order is time order); suspect_times is a JSON array like the PostgreSQL provider's.
/// </summary>
internal sealed partial class SqliteMembershipTable : IMembershipTable
{
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";
    private const string Columns =
        "m.host, m.port, m.generation, m.silo_name, m.host_name, m.status, m.gateway_port, m.start_time, m.iamalive_time, m.suspect_times, m.version";

    private readonly SqliteClusteringOptions _options;
    private readonly ILogger _logger;
    private readonly string _table;
    private readonly string _versionTable;
    private readonly int _commandTimeoutSeconds;
    private readonly string _busyTimeoutPragma;

    // SQLite admits one writer per database: queue this silo's writers asynchronously rather than in the busy handler.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteMembershipTable(SqliteClusteringOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!SqliteClusteringOptionsValidator.IsValidIdentifier(options.TableName))
        {
            throw new ArgumentException($"Table name '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        _options = options;
        _logger = logger;
        _table = $"\"{options.TableName}\"";
        _versionTable = $"\"{options.TableName}_version\"";
        _commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _busyTimeoutPragma = FormattableString.Invariant($"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
    }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        WriteGatedAsync("initialize", null, async connection =>
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
            using var command = Command(connection, null, sql);
            command.Parameters.Add("@now", SqliteType.Text).Value = FormatTime(DateTimeOffset.UtcNow);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Log.Initialized(_logger, _options.ClusterId, _options.TableName);
            return true;
        }, cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return ReadAsync(silo, cancellationToken);
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(newVersion);
        var sql =
            $"INSERT INTO {_table} (cluster_id, host, port, generation, silo_name, host_name, status, gateway_port, start_time, iamalive_time, suspect_times, version) "
            + "VALUES (@cluster_id, @host, @port, @generation, @silo_name, @host_name, @status, @gateway_port, @start_time, @iamalive_time, @suspect_times, 1) "
            + "ON CONFLICT (cluster_id, host, port, generation) DO NOTHING;";
        return WriteAsync("insert", entry, newVersion, sql, rowVersion: null, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string rowEtag, TableVersion newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(rowEtag);
        ArgumentNullException.ThrowIfNull(newVersion);
        if (!long.TryParse(rowEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowVersion))
        {
            return Task.FromResult(false);
        }

        var sql =
            $"UPDATE {_table} SET silo_name = @silo_name, host_name = @host_name, status = @status, gateway_port = @gateway_port, "
            + "start_time = @start_time, iamalive_time = MAX(iamalive_time, @iamalive_time), suspect_times = @suspect_times, version = version + 1 "
            + "WHERE cluster_id = @cluster_id AND host = @host AND port = @port AND generation = @generation AND version = @row_version;";
        return WriteAsync("update", entry, newVersion, sql, rowVersion, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteGatedAsync("write IAmAlive of", entry.SiloAddress, async connection =>
        {
            using var command = Command(
                connection,
                null,
                $"UPDATE {_table} SET iamalive_time = @iamalive_time WHERE cluster_id = @cluster_id AND host = @host AND port = @port AND generation = @generation;");
            AddKey(command, entry.SiloAddress);
            command.Parameters.Add("@iamalive_time", SqliteType.Text).Value = FormatTime(entry.IAmAliveTime);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        WriteGatedAsync("clean up defunct rows of", null, async connection =>
        {
            using var command = Command(
                connection,
                null,
                $"DELETE FROM {_table} WHERE cluster_id = @cluster_id AND status = @dead AND iamalive_time < @before;");
            command.Parameters.Add("@dead", SqliteType.Integer).Value = (int)SiloStatus.Dead;
            command.Parameters.Add("@before", SqliteType.Text).Value = FormatTime(beforeDate);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Log.DefunctRowsDeleted(_logger, _options.ClusterId, deleted);
            return true;
        }, cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        return WriteGatedAsync("delete all rows of", null, async connection =>
        {
            using var transaction = connection.BeginTransaction();
            foreach (var table in (string[])[_table, _versionTable])
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandTimeout = _commandTimeoutSeconds;
                command.CommandText = $"DELETE FROM {table} WHERE cluster_id = @cluster_id;";
                command.Parameters.Add("@cluster_id", SqliteType.Text).Value = clusterId;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo, CancellationToken cancellationToken)
    {
        var rowFilter = silo is null ? string.Empty : " AND m.host = @host AND m.port = @port AND m.generation = @generation";
        var sql =
            $"SELECT v.version, {Columns} FROM (SELECT @cluster_id AS cluster_id) c "
            + $"LEFT JOIN {_versionTable} v ON v.cluster_id = c.cluster_id "
            + $"LEFT JOIN {_table} m ON m.cluster_id = c.cluster_id{rowFilter} "
            + "ORDER BY m.host, m.port, m.generation;";
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = Command(connection, null, sql);
            if (silo is not null)
            {
                AddKey(command, silo);
            }

            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var version = 0;
            var entries = new List<(MembershipEntry Entry, string ETag)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.IsDBNull(0) ? 0 : reader.GetInt32(0);
                if (!reader.IsDBNull(1))
                {
                    entries.Add(ReadEntry(reader));
                }
            }

            return new MembershipTableData(entries, new TableVersion(version, version.ToString(CultureInfo.InvariantCulture)));
        }
        catch (Exception ex) when (ex is DbException or JsonException or FormatException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure("read", silo, ex);
        }
    }

    private static (MembershipEntry Entry, string ETag) ReadEntry(DbDataReader reader) =>
        (new MembershipEntry
        {
            SiloAddress = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)),
            SiloName = reader.GetString(4),
            HostName = reader.GetString(5),
            Status = (SiloStatus)reader.GetInt32(6),
            GatewayPort = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            StartTime = ParseTime(reader.GetString(8)),
            IAmAliveTime = ParseTime(reader.GetString(9)),
            SuspectTimes = SuspectTimesJson.Parse(reader.GetString(10)),
        }, reader.GetInt64(11).ToString(CultureInfo.InvariantCulture));

    private Task<bool> WriteAsync(string operation, MembershipEntry entry, TableVersion newVersion, string rowSql, long? rowVersion, CancellationToken cancellationToken) =>
        WriteGatedAsync(operation, entry.SiloAddress, async connection =>
        {
            if (!int.TryParse(newVersion.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedVersion))
            {
                return false;
            }

            // Immediate: take the write lock up front, so two silo processes never deadlock upgrading a read lock.
            using var transaction = connection.BeginTransaction(deferred: false);
            var versionSql = expectedVersion == 0
                ? $"INSERT INTO {_versionTable} AS v (cluster_id, version, modified_at) VALUES (@cluster_id, @new_version, @now) "
                    + "ON CONFLICT (cluster_id) DO UPDATE SET version = excluded.version, modified_at = excluded.modified_at "
                    + "WHERE v.version = @expected_version AND excluded.version > v.version;"
                : $"UPDATE {_versionTable} SET version = @new_version, modified_at = @now "
                    + "WHERE cluster_id = @cluster_id AND version = @expected_version AND @new_version > version;";
            using (var moveVersion = Command(connection, transaction, versionSql))
            {
                moveVersion.Parameters.Add("@new_version", SqliteType.Integer).Value = newVersion.Version;
                moveVersion.Parameters.Add("@expected_version", SqliteType.Integer).Value = expectedVersion;
                moveVersion.Parameters.Add("@now", SqliteType.Text).Value = FormatTime(DateTimeOffset.UtcNow);
                if (await moveVersion.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    Log.Conflict(_logger, _options.ClusterId, operation, entry.SiloAddress, "table version");
                    return false;
                }
            }

            using (var writeRow = Command(connection, transaction, rowSql))
            {
                AddKey(writeRow, entry.SiloAddress);
                AddEntry(writeRow, entry);
                if (rowVersion is { } expectedRow)
                {
                    writeRow.Parameters.Add("@row_version", SqliteType.Integer).Value = expectedRow;
                }

                if (await writeRow.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    Log.Conflict(_logger, _options.ClusterId, operation, entry.SiloAddress, "row");
                    return false;
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<T> WriteGatedAsync<T>(string operation, SiloAddress? silo, Func<SqliteConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                return await body(connection).ConfigureAwait(false);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (Exception ex) when (ex is DbException or JsonException or FormatException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(operation, silo, ex);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_options.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _busyTimeoutPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = _commandTimeoutSeconds;
        command.Parameters.Add("@cluster_id", SqliteType.Text).Value = _options.ClusterId;
        return command;
    }

    private static void AddKey(SqliteCommand command, SiloAddress silo)
    {
        command.Parameters.Add("@host", SqliteType.Text).Value = silo.Host;
        command.Parameters.Add("@port", SqliteType.Integer).Value = silo.Port;
        command.Parameters.Add("@generation", SqliteType.Integer).Value = silo.Generation;
    }

    private static void AddEntry(SqliteCommand command, MembershipEntry entry)
    {
        command.Parameters.Add("@silo_name", SqliteType.Text).Value = entry.SiloName;
        command.Parameters.Add("@host_name", SqliteType.Text).Value = entry.HostName;
        command.Parameters.Add("@status", SqliteType.Integer).Value = (int)entry.Status;
        command.Parameters.Add("@gateway_port", SqliteType.Integer).Value = (object?)entry.GatewayPort ?? DBNull.Value;
        command.Parameters.Add("@start_time", SqliteType.Text).Value = FormatTime(entry.StartTime);
        command.Parameters.Add("@iamalive_time", SqliteType.Text).Value = FormatTime(entry.IAmAliveTime);
        command.Parameters.Add("@suspect_times", SqliteType.Text).Value = SuspectTimesJson.Format(entry.SuspectTimes);
    }

    private static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) =>
        new(DateTime.ParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    private MembershipTableException Failure(string operation, SiloAddress? silo, Exception exception)
    {
        Log.OperationFailed(_logger, exception, _options.ClusterId, operation, silo);
        var subject = silo is null ? $"the membership table of cluster '{_options.ClusterId}'" : $"the row of {silo} in cluster '{_options.ClusterId}'";
        return new MembershipTableException($"SQLite clustering failed to {operation} {subject}: {exception.Message}", exception);
    }
}
