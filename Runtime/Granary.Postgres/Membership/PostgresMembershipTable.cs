using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Granary.Membership;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Granary.Postgres.Membership;

/// <summary>
/// The membership table of one cluster in PostgreSQL. Reads are single statements (one consistent snapshot of the
/// rows and the table version). Every insert or update runs in a transaction that first moves the cluster's version
/// row from the expected version to the new one (compare-and-swap; concurrent writers queue on that row lock and all
/// but one find the version moved), then inserts the row or updates it where its version (the row etag) still
/// matches; if either step changes nothing the transaction rolls back and the call returns false.
/// Owns one <see cref="NpgsqlDataSource"/>, disposed with the container.
/// </summary>
internal sealed partial class PostgresMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    private const string SchemaResourceName = "Granary.Postgres.Membership.MembershipSchema.sql";
    private const string Columns =
        "m.host, m.port, m.generation, m.silo_name, m.host_name, m.status, m.gateway_port, m.start_time, m.iamalive_time, m.suspect_times::text, m.version";

    private readonly PostgresClusteringOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly string _table;
    private readonly string _versionTable;

    public PostgresMembershipTable(PostgresClusteringOptions options, ILoggerFactory? loggerFactory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!PostgresClusteringOptionsValidator.IsValidIdentifier(options.Schema) || !PostgresClusteringOptionsValidator.IsValidIdentifier(options.TableName))
        {
            throw new ArgumentException($"Schema '{options.Schema}' or table '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        _options = options;
        _logger = logger;
        _table = $"\"{options.Schema}\".\"{options.TableName}\"";
        _versionTable = $"\"{options.Schema}\".\"{options.TableName}_version\"";
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "granary-membership" };
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        _dataSource = builder.Build();
    }

    public string ClusterId => _options.ClusterId;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Run("initialize", async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (_options.CreateSchema)
                {
                    await ExecuteAsync(connection, null, $"CREATE SCHEMA IF NOT EXISTS \"{_options.Schema}\"", cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, null, LoadSchemaScript(), cancellationToken).ConfigureAwait(false);
                }

                var insert = Command(
                    connection,
                    null,
                    $"INSERT INTO {_versionTable} (cluster_id, version, modified_at) VALUES (@cluster_id, 0, now()) ON CONFLICT (cluster_id) DO NOTHING");
                await using (insert.ConfigureAwait(false))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return true;
        }).ConfigureAwait(false);
        Log.Initialized(_logger, _options.ClusterId, _table, _options.CreateSchema);
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        ReadAsync(null, cancellationToken);

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
            + "ON CONFLICT (cluster_id, host, port, generation) DO NOTHING";
        return WriteAsync("insert", entry, newVersion, sql, rowVersion: null, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string rowEtag, TableVersion newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(rowEtag);
        ArgumentNullException.ThrowIfNull(newVersion);
        if (!int.TryParse(rowEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowVersion))
        {
            return Task.FromResult(false);
        }

        var sql =
            $"UPDATE {_table} SET silo_name = @silo_name, host_name = @host_name, status = @status, gateway_port = @gateway_port, "
            + "start_time = @start_time, iamalive_time = GREATEST(iamalive_time, @iamalive_time), suspect_times = @suspect_times, version = version + 1 "
            + "WHERE cluster_id = @cluster_id AND host = @host AND port = @port AND generation = @generation AND version = @row_version";
        return WriteAsync("update", entry, newVersion, sql, rowVersion, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Run("write IAmAlive of", async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = Command(
                    connection,
                    null,
                    $"UPDATE {_table} SET iamalive_time = @iamalive_time "
                    + "WHERE cluster_id = @cluster_id AND host = @host AND port = @port AND generation = @generation");
                await using (command.ConfigureAwait(false))
                {
                    AddKey(command, entry.SiloAddress);
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("iamalive_time", entry.IAmAliveTime.ToUniversalTime()));
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return true;
        }, entry.SiloAddress);
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        Run("clean up defunct rows of", async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = Command(
                    connection,
                    null,
                    $"DELETE FROM {_table} WHERE cluster_id = @cluster_id AND status = @dead AND iamalive_time < @before");
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.Add(new NpgsqlParameter<short>("dead", (short)SiloStatus.Dead));
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", beforeDate.ToUniversalTime()));
                    var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    Log.DefunctRowsDeleted(_logger, _options.ClusterId, deleted);
                }
            }

            return true;
        });

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        return Run("delete all rows of", async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    foreach (var table in (string[])[_table, _versionTable])
                    {
                        var command = new NpgsqlCommand($"DELETE FROM {table} WHERE cluster_id = @cluster_id", connection, transaction);
                        await using (command.ConfigureAwait(false))
                        {
                            command.Parameters.Add(new NpgsqlParameter<string>("cluster_id", clusterId));
                            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return true;
        });
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private Task<MembershipTableData> ReadAsync(SiloAddress? silo, CancellationToken cancellationToken) =>
        Run("read", async () =>
        {
            var rowFilter = silo is null ? string.Empty : " AND m.host = @host AND m.port = @port AND m.generation = @generation";
            var sql =
                $"SELECT v.version, {Columns} FROM (SELECT @cluster_id::text AS cluster_id) c "
                + $"LEFT JOIN {_versionTable} v ON v.cluster_id = c.cluster_id "
                + $"LEFT JOIN {_table} m ON m.cluster_id = c.cluster_id{rowFilter} "
                + "ORDER BY m.host, m.port, m.generation";
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = Command(connection, null, sql);
                await using (command.ConfigureAwait(false))
                {
                    if (silo is not null)
                    {
                        AddKey(command, silo);
                    }

                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
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

                        return new MembershipTableData(entries, new TableVersion(version, FormatVersion(version)));
                    }
                }
            }
        }, silo);

    private static (MembershipEntry Entry, string ETag) ReadEntry(DbDataReader reader) =>
        (new MembershipEntry
        {
            SiloAddress = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)),
            SiloName = reader.GetString(4),
            HostName = reader.GetString(5),
            Status = (SiloStatus)reader.GetInt16(6),
            GatewayPort = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            StartTime = reader.GetFieldValue<DateTimeOffset>(8),
            IAmAliveTime = reader.GetFieldValue<DateTimeOffset>(9),
            SuspectTimes = SuspectTimesJson.Parse(reader.GetString(10)),
        }, FormatVersion(reader.GetInt32(11)));

    /// <summary>Moves the table version by compare-and-swap, then runs the row statement; both change exactly one row or neither does.</summary>
    private Task<bool> WriteAsync(string operation, MembershipEntry entry, TableVersion newVersion, string rowSql, int? rowVersion, CancellationToken cancellationToken) =>
        Run(operation, async () =>
        {
            if (!int.TryParse(newVersion.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedVersion))
            {
                return false;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // Version 0 may have no row yet (InitializeAsync not run, or the cluster's rows were deleted): insert it then.
                    var versionSql = expectedVersion == 0
                        ? $"INSERT INTO {_versionTable} AS v (cluster_id, version, modified_at) VALUES (@cluster_id, @new_version, now()) "
                            + "ON CONFLICT (cluster_id) DO UPDATE SET version = EXCLUDED.version, modified_at = EXCLUDED.modified_at "
                            + "WHERE v.version = @expected_version AND EXCLUDED.version > v.version"
                        : $"UPDATE {_versionTable} SET version = @new_version, modified_at = now() "
                            + "WHERE cluster_id = @cluster_id AND version = @expected_version AND @new_version > version";
                    var moveVersion = Command(connection, transaction, versionSql);
                    await using (moveVersion.ConfigureAwait(false))
                    {
                        moveVersion.Parameters.Add(new NpgsqlParameter<int>("new_version", newVersion.Version));
                        moveVersion.Parameters.Add(new NpgsqlParameter<int>("expected_version", expectedVersion));
                        if (await moveVersion.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                        {
                            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                            Log.Conflict(_logger, _options.ClusterId, operation, entry.SiloAddress, "table version");
                            return false;
                        }
                    }

                    var writeRow = Command(connection, transaction, rowSql);
                    await using (writeRow.ConfigureAwait(false))
                    {
                        AddKey(writeRow, entry.SiloAddress);
                        AddEntry(writeRow, entry);
                        if (rowVersion is { } expectedRow)
                        {
                            writeRow.Parameters.Add(new NpgsqlParameter<int>("row_version", expectedRow));
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
                }
            }
        }, entry.SiloAddress);

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("cluster_id", _options.ClusterId));
        return command;
    }

    private static void AddKey(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("host", silo.Host));
        command.Parameters.Add(new NpgsqlParameter<int>("port", silo.Port));
        command.Parameters.Add(new NpgsqlParameter<long>("generation", silo.Generation));
    }

    private static void AddEntry(NpgsqlCommand command, MembershipEntry entry)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("silo_name", entry.SiloName));
        command.Parameters.Add(new NpgsqlParameter<string>("host_name", entry.HostName));
        command.Parameters.Add(new NpgsqlParameter<short>("status", (short)entry.Status));
        command.Parameters.Add(new NpgsqlParameter("gateway_port", NpgsqlDbType.Integer) { Value = (object?)entry.GatewayPort ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("start_time", entry.StartTime.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("iamalive_time", entry.IAmAliveTime.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter("suspect_times", NpgsqlDbType.Jsonb) { Value = SuspectTimesJson.Format(entry.SuspectTimes) });
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private string LoadSchemaScript()
    {
        using var stream = typeof(PostgresMembershipTable).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Replace(":\"schema\"", $"\"{_options.Schema}\"", StringComparison.Ordinal)
            .Replace(":\"version_table\"", $"\"{_options.TableName}_version\"", StringComparison.Ordinal)
            .Replace(":\"table\"", $"\"{_options.TableName}\"", StringComparison.Ordinal);
    }

    private static string FormatVersion(int version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs one table operation, turning database failures into <see cref="MembershipTableException"/>.</summary>
    private async Task<T> Run<T>(string operation, Func<Task<T>> body, SiloAddress? silo = null)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or JsonException or FormatException)
        {
            Log.OperationFailed(_logger, ex, _options.ClusterId, operation, silo);
            var subject = silo is null ? $"the membership table of cluster '{_options.ClusterId}'" : $"the row of {silo} in cluster '{_options.ClusterId}'";
            throw new MembershipTableException($"PostgreSQL clustering failed to {operation} {subject}: {ex.Message}", ex);
        }
    }
}
