using System.Data.Common;
using Granary.Persistence.Relational;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Granary.Membership.Relational;

/// <summary>
/// The membership table of one cluster in a SQL database, over plain ADO.NET. Reads are single statements (one
/// consistent snapshot of the rows and the table version). Every insert or update runs in a transaction that first
/// moves the cluster's version row from the expected version to the new one (compare-and-swap; concurrent writers
/// queue on that row lock and all but one find the version moved), then inserts the row or updates it where its
/// version (the row etag) still matches; if either step changes nothing the transaction rolls back and the call
/// returns false. Database failures (and unreadable rows) surface as <see cref="MembershipTableException"/>.
/// </summary>
/// <remarks>
/// The base for the SQL clustering providers (Granary.Sqlite, Granary.Postgres): a provider supplies its statements,
/// opens connections, types the parameters, reads its column types and creates its tables; the CAS rules live here only.
/// </remarks>
internal abstract partial class RelationalMembershipTable : IMembershipTable
{
    private readonly RelationalMembershipStatements _statements;
    private readonly RelationalOperationRunner _runner;

    /// <param name="providerName">How messages name the database, for example <c>PostgreSQL</c>.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes.</param>
    /// <param name="statements">The provider's SQL.</param>
    /// <param name="logger">The provider's logger.</param>
    /// <param name="serializeWrites">
    /// Whether this instance runs one write at a time (for databases that admit a single writer), queueing the rest
    /// asynchronously instead of blocking threads in the driver.
    /// </param>
    /// <param name="cancellationWins">
    /// Whether a failure after the caller's token was cancelled surfaces as <see cref="OperationCanceledException"/>
    /// rather than <see cref="MembershipTableException"/>.
    /// </param>
    protected RelationalMembershipTable(
        string providerName, string clusterId, RelationalMembershipStatements statements, ILogger logger, bool serializeWrites, bool cancellationWins)
    {
        ArgumentNullException.ThrowIfNull(providerName);
        ArgumentNullException.ThrowIfNull(clusterId);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(logger);
        ProviderName = providerName;
        ClusterId = clusterId;
        Logger = logger;
        _statements = statements;
        _runner = new RelationalOperationRunner(OpenConnectionAsync, serializeWrites, cancellationWins);
    }

    /// <summary>How messages name the database, for example <c>PostgreSQL</c>.</summary>
    protected string ProviderName { get; }

    /// <summary>The cluster whose rows this instance reads and writes.</summary>
    public string ClusterId { get; }

    protected ILogger Logger { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RunAsync("initialize", null, gated: true, async connection =>
        {
            await InitializeTablesAsync(connection, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        LogInitialized();
    }

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
        return WriteAsync("insert", entry, newVersion, _statements.InsertRow, rowVersion: null, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string rowEtag, TableVersion newVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(rowEtag);
        ArgumentNullException.ThrowIfNull(newVersion);
        if (!TryParseRowVersion(rowEtag, out var rowVersion))
        {
            return Task.FromResult(false);
        }

        return WriteAsync("update", entry, newVersion, _statements.UpdateRow, rowVersion, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync("write IAmAlive of", entry.SiloAddress, gated: true, async connection =>
        {
            var command = Command(connection, null, _statements.UpdateIAmAlive);
            await using (command.ConfigureAwait(false))
            {
                AddKey(command, entry.SiloAddress);
                AddIAmAliveTime(command, entry.IAmAliveTime);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        RunAsync("clean up defunct rows of", null, gated: true, async connection =>
        {
            var command = Command(connection, null, _statements.DeleteDefunct);
            await using (command.ConfigureAwait(false))
            {
                AddDefunctFilter(command, SiloStatus.Dead, beforeDate);
                var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Log.DefunctRowsDeleted(Logger, ProviderName, ClusterId, deleted);
            }

            return true;
        }, cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        return RunAsync("delete all rows of", null, gated: true, async connection =>
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var sql in _statements.DeleteCluster)
                {
                    var command = CreateCommand(connection, transaction, sql);
                    await using (command.ConfigureAwait(false))
                    {
                        AddClusterId(command, clusterId);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>Opens a connection ready for statements.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates the tables (where this provider does) and the cluster's version row, if missing.</summary>
    protected abstract Task InitializeTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Logs that <see cref="InitializeAsync"/> succeeded.</summary>
    protected abstract void LogInitialized();

    /// <summary>A command on <paramref name="connection"/> without parameters.</summary>
    protected abstract DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql);

    /// <summary>Adds <c>cluster_id</c>.</summary>
    protected abstract void AddClusterId(DbCommand command, string clusterId);

    /// <summary>Adds <c>host</c>, <c>port</c> and <c>generation</c>.</summary>
    protected abstract void AddKey(DbCommand command, SiloAddress silo);

    /// <summary>Adds every column of the row but its key and version, under the column names.</summary>
    protected abstract void AddEntry(DbCommand command, MembershipEntry entry);

    /// <summary>Adds <c>iamalive_time</c>.</summary>
    protected abstract void AddIAmAliveTime(DbCommand command, DateTimeOffset iAmAliveTime);

    /// <summary>Adds <c>dead</c> and <c>before</c>.</summary>
    protected abstract void AddDefunctFilter(DbCommand command, SiloStatus dead, DateTimeOffset before);

    /// <summary>Adds <c>new_version</c> and <c>expected_version</c> (and whatever the provider's <c>now</c> needs).</summary>
    protected abstract void AddVersions(DbCommand command, int newVersion, int expectedVersion);

    /// <summary>Adds <c>row_version</c>.</summary>
    protected abstract void AddRowVersion(DbCommand command, long rowVersion);

    /// <summary>Reads a row etag; false when this provider could never have issued it.</summary>
    protected abstract bool TryParseRowVersion(string rowEtag, out long rowVersion);

    /// <summary>Reads the <c>status</c> column.</summary>
    protected abstract SiloStatus ReadStatus(DbDataReader reader, int ordinal);

    /// <summary>Reads a time column.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Reads the row <c>version</c> column as the row etag.</summary>
    protected abstract string ReadRowVersion(DbDataReader reader, int ordinal);

    /// <summary>A command with <c>cluster_id</c> set to this table's cluster.</summary>
    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = CreateCommand(connection, transaction, sql);
        AddClusterId(command, ClusterId);
        return command;
    }

    protected static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private Task<MembershipTableData> ReadAsync(SiloAddress? silo, CancellationToken cancellationToken) =>
        RunAsync("read", silo, gated: false, async connection =>
        {
            var command = Command(connection, null, silo is null ? _statements.ReadAll : _statements.ReadRow);
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
        }, cancellationToken);

    private (MembershipEntry Entry, string ETag) ReadEntry(DbDataReader reader) =>
        (new MembershipEntry
        {
            SiloAddress = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)),
            SiloName = reader.GetString(4),
            HostName = reader.GetString(5),
            Status = ReadStatus(reader, 6),
            GatewayPort = reader.IsDBNull(7) ? null : reader.GetInt32(7),
            StartTime = ReadTime(reader, 8),
            IAmAliveTime = ReadTime(reader, 9),
            SuspectTimes = SuspectTimesJson.Parse(reader.GetString(10)),
        }, ReadRowVersion(reader, 11));

    /// <summary>Moves the table version by compare-and-swap, then runs the row statement; both change exactly one row or neither does.</summary>
    private Task<bool> WriteAsync(string operation, MembershipEntry entry, TableVersion newVersion, string rowSql, long? rowVersion, CancellationToken cancellationToken) =>
        RunAsync(operation, entry.SiloAddress, gated: true, async connection =>
        {
            if (!int.TryParse(newVersion.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedVersion))
            {
                return false;
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Version 0 may have no row yet (InitializeAsync not run, or the cluster's rows were deleted): insert it then.
                var moveVersion = Command(connection, transaction, expectedVersion == 0 ? _statements.UpsertVersion : _statements.MoveVersion);
                await using (moveVersion.ConfigureAwait(false))
                {
                    AddVersions(moveVersion, newVersion.Version, expectedVersion);
                    if (await moveVersion.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    {
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        Log.Conflict(Logger, ProviderName, ClusterId, operation, entry.SiloAddress, "table version");
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
                        AddRowVersion(writeRow, expectedRow);
                    }

                    if (await writeRow.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    {
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        Log.Conflict(Logger, ProviderName, ClusterId, operation, entry.SiloAddress, "row");
                        return false;
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }, cancellationToken);

    /// <summary>
    /// Runs one table operation on a fresh connection (after the write gate, when <paramref name="gated"/> and this
    /// instance serializes writes), turning database failures into <see cref="MembershipTableException"/>.
    /// </summary>
    private Task<T> RunAsync<T>(string operation, SiloAddress? silo, bool gated, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken) =>
        _runner.RunAsync(
            gated,
            body,
            static ex => ex is DbException or JsonException or FormatException,
            ex =>
            {
                Log.OperationFailed(Logger, ex, ProviderName, ClusterId, operation, silo);
                var subject = silo is null ? $"the membership table of cluster '{ClusterId}'" : $"the row of {silo} in cluster '{ClusterId}'";
                return new MembershipTableException($"{ProviderName} clustering failed to {operation} {subject}: {ex.Message}", ex);
            },
            cancellationToken);
}
