using System.Data.Common;
using Granary.Persistence.Relational;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Granary.Reminders.Relational;

/// <summary>
/// The reminder table of one cluster in a SQL database, over plain ADO.NET: one row per (grain, reminder name) with the
/// grain's hash, the first tick time, the period in milliseconds and a version. An upsert is one statement that
/// inserts at a random version or bumps the stored one; a remove deletes only the version it names, so a stale handle
/// never removes a newer registration. Database failures (and unreadable rows) surface as <see cref="ReminderException"/>.
/// </summary>
/// <remarks>
/// The base for the SQL reminder providers (Granary.Sqlite, Granary.Postgres): a provider supplies its statements,
/// opens connections, types the parameters, reads its time column and creates its table; the rules live here only.
/// </remarks>
internal abstract partial class RelationalReminderTable : IReminderTable
{
    // New rows start at a random version below 2^52 (exact in a double, far from overflow when bumped).
    private const long VersionLimit = 1L << 52;

    private readonly RelationalReminderStatements _statements;
    private readonly TimeProvider _time;
    private readonly RelationalOperationRunner _runner;

    /// <param name="providerName">How messages name the database, for example <c>PostgreSQL</c>.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes.</param>
    /// <param name="statements">The provider's SQL.</param>
    /// <param name="time">Stamps <c>modified_at</c>.</param>
    /// <param name="logger">The provider's logger.</param>
    /// <param name="serializeWrites">
    /// Whether this instance runs one write at a time (for databases that admit a single writer), queueing the rest
    /// asynchronously instead of blocking threads in the driver.
    /// </param>
    /// <param name="cancellationWins">
    /// Whether a failure after the caller's token was cancelled surfaces as <see cref="OperationCanceledException"/>
    /// rather than <see cref="ReminderException"/>.
    /// </param>
    protected RelationalReminderTable(
        string providerName, string clusterId, RelationalReminderStatements statements, TimeProvider time, ILogger logger, bool serializeWrites, bool cancellationWins)
    {
        ArgumentNullException.ThrowIfNull(providerName);
        ArgumentNullException.ThrowIfNull(clusterId);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ProviderName = providerName;
        ClusterId = clusterId;
        Logger = logger;
        _statements = statements;
        _time = time;
        _runner = new RelationalOperationRunner(OpenConnectionAsync, serializeWrites, cancellationWins);
    }

    /// <summary>The cluster whose rows this instance reads and writes.</summary>
    public string ClusterId { get; }

    /// <summary>How messages name the database, for example <c>PostgreSQL</c>.</summary>
    protected string ProviderName { get; }

    protected ILogger Logger { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RunAsync("initialize the reminder table", gated: true, async connection =>
        {
            await InitializeTableAsync(connection, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        LogInitialized();
    }

    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var rows = await ReadAsync($"read reminder '{reminderName}' of {grainId}", _statements.ReadRow, command =>
        {
            AddGrain(command, grainId);
            command.Parameters.Add(CreateTextParameter("reminder_name", reminderName));
        }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync($"read the reminders of {grainId}", _statements.ReadGrain, command => AddGrain(command, grainId), cancellationToken)
            .ConfigureAwait(false);

        // Sorted here: database collations do not order text the same way.
        rows.Sort(static (a, b) => string.CompareOrdinal(a.ReminderName, b.ReminderName));
        return rows;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllRowsAsync(CancellationToken cancellationToken) =>
        await ReadAsync("read the reminder table", _statements.ReadAll, static _ => { }, cancellationToken).ConfigureAwait(false);

    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync($"write reminder '{entry.ReminderName}' of {entry.GrainId}", gated: true, async connection =>
        {
            var command = Command(connection, _statements.Upsert);
            await using (command.ConfigureAwait(false))
            {
                AddGrain(command, entry.GrainId);
                command.Parameters.Add(CreateTextParameter("reminder_name", entry.ReminderName));
                command.Parameters.Add(CreateInt64Parameter("grain_hash", entry.GrainId.GetUniformHashCode()));
                command.Parameters.Add(CreateTimeParameter("start_at", DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)));
                command.Parameters.Add(CreateInt64Parameter("period_ms", (long)entry.Period.TotalMilliseconds));
                command.Parameters.Add(CreateInt64Parameter("new_version", Random.Shared.NextInt64(1, VersionLimit)));
                command.Parameters.Add(CreateTimeParameter("modified_at", _time.GetUtcNow().UtcDateTime));
                var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return FormatVersion(Convert.ToInt64(version, CultureInfo.InvariantCulture));
            }
        }, cancellationToken);
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        ArgumentNullException.ThrowIfNull(eTag);
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return Task.FromResult(false); // never issued by this table
        }

        return RunAsync($"remove reminder '{reminderName}' of {grainId}", gated: true, async connection =>
        {
            var command = Command(connection, _statements.Remove);
            await using (command.ConfigureAwait(false))
            {
                AddGrain(command, grainId);
                command.Parameters.Add(CreateTextParameter("reminder_name", reminderName));
                command.Parameters.Add(CreateInt64Parameter("version", version));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
        }, cancellationToken);
    }

    /// <summary>Opens a connection ready for statements.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates the table where the provider does; idempotent.</summary>
    protected abstract Task InitializeTableAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Logs that <see cref="InitializeAsync"/> succeeded.</summary>
    protected abstract void LogInitialized();

    /// <summary>A command on <paramref name="connection"/> without parameters.</summary>
    protected abstract DbCommand CreateCommand(DbConnection connection, string sql);

    /// <summary>A text parameter; <paramref name="name"/> is bare (<c>grain_key</c>).</summary>
    protected abstract DbParameter CreateTextParameter(string name, string value);

    /// <summary>A 64-bit integer parameter; <paramref name="name"/> is bare.</summary>
    protected abstract DbParameter CreateInt64Parameter(string name, long value);

    /// <summary>A UTC point-in-time parameter; <paramref name="name"/> is bare.</summary>
    protected abstract DbParameter CreateTimeParameter(string name, DateTime utc);

    /// <summary>Reads a time column as UTC.</summary>
    protected abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A command with <c>cluster_id</c> set to this table's cluster.</summary>
    protected DbCommand Command(DbConnection connection, string sql)
    {
        var command = CreateCommand(connection, sql);
        command.Parameters.Add(CreateTextParameter("cluster_id", ClusterId));
        return command;
    }

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private void AddGrain(DbCommand command, GrainId grainId)
    {
        command.Parameters.Add(CreateTextParameter("grain_type", grainId.Type.Value));
        command.Parameters.Add(CreateTextParameter("grain_key", grainId.Key));
    }

    private Task<List<ReminderEntry>> ReadAsync(string operation, string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken) =>
        RunAsync(operation, gated: false, async connection =>
        {
            var command = Command(connection, sql);
            await using (command.ConfigureAwait(false))
            {
                addParameters(command);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var rows = new List<ReminderEntry>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(new ReminderEntry
                        {
                            GrainId = GrainId.Create(new GrainType(reader.GetString(0)), reader.GetString(1)),
                            ReminderName = reader.GetString(2),
                            StartAt = ReadTime(reader, 3),
                            Period = TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                            ETag = FormatVersion(reader.GetInt64(5)),
                        });
                    }

                    return rows;
                }
            }
        }, cancellationToken);

    /// <summary>
    /// Runs one table operation on a fresh connection (after the write gate, when <paramref name="gated"/> and this
    /// instance serializes writes), turning database failures into <see cref="ReminderException"/>.
    /// </summary>
    private Task<T> RunAsync<T>(string operation, bool gated, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken) =>
        _runner.RunAsync(
            gated,
            body,
            static ex => ex is DbException or FormatException or InvalidCastException or OverflowException,
            ex =>
            {
                Log.OperationFailed(Logger, ex, ProviderName, ClusterId, operation);
                return new ReminderException($"{ProviderName} reminders failed to {operation} (cluster '{ClusterId}'): {ex.Message}", ex);
            },
            cancellationToken);
}
