using System.Data.Common;
using System.Globalization;
using Granary.Persistence;
using Granary.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Persistence;

/// <summary>
/// Grain state in one SQLite table keyed by (grain_type, grain_key, state_name). The <c>version</c> column is the
/// ETag: every write and clear bumps it in a single conditional statement, so a writer holding a stale version
/// changes nothing and gets <see cref="InconsistentStateException"/>. A clear keeps the row with a null payload
/// (a tombstone) so the version sequence never restarts and a stale writer can never resurrect old data.
/// </summary>
internal sealed partial class SqliteGrainStorage : IGrainStorage
{
    private const string ProviderName = "Sqlite";

    private readonly string _name;
    private readonly string _tableName;
    private readonly string _connectionString;
    private readonly int _commandTimeoutSeconds;
    private readonly string _busyTimeoutPragma;
    private readonly IGrainStateSerializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // SQLite admits one writer per database: queue this silo's writers asynchronously rather than letting them
    // block pool threads in SQLite's busy handler. The busy timeout still covers other processes.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private readonly string _selectSql;
    private readonly string _selectVersionSql;
    private readonly string _insertSql;
    private readonly string _updateSql;

    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IGrainStateSerializer serializer,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!StorageIdentifier.IsValid(options.TableName))
        {
            throw new ArgumentException($"Table name '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        _name = name;
        _tableName = options.TableName;
        _connectionString = options.ConnectionString;
        _commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _busyTimeoutPragma = FormattableString.Invariant($"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
        _serializer = serializer;
        _timeProvider = timeProvider;
        _logger = logger;

        const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";
        var table = $"\"{_tableName}\"";
        _selectSql = $"SELECT version, payload, payload_format FROM {table} WHERE {Key};";
        _selectVersionSql = $"SELECT version FROM {table} WHERE {Key};";
        _insertSql =
            $"INSERT INTO {table} (grain_type, grain_key, state_name, version, payload, payload_format, modified_at) "
            + "VALUES (@grain_type, @grain_key, @state_name, 1, @payload, @payload_format, @modified_at) "
            + "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING RETURNING version;";
        _updateSql =
            $"UPDATE {table} SET payload = @payload, payload_format = @payload_format, version = version + 1, modified_at = @modified_at "
            + $"WHERE {Key} AND version = @expected_version RETURNING version;";
    }

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        StoredState? stored;
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = CreateCommand(connection, _selectSql, stateName, grainId);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            stored = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StoredState(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1), reader.GetString(2))
                : null;
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure("read", stateName, grainId, ex);
        }

        if (stored is not { Payload: { } payload })
        {
            grainState.State = GrainStateActivator.CreateEmpty<TState>();
            grainState.ETag = stored is null ? null : FormatVersion(stored.Value.Version);
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = Deserialize<TState>(payload, stored.Value.PayloadFormat, stateName, grainId);
            grainState.ETag = FormatVersion(stored.Value.Version);
            grainState.RecordExists = true;
        }

        Log.StateRead(_logger, _name, grainId, stateName, grainState.ETag);
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        var payload = Serialize(grainState.State, stateName, grainId);
        var newVersion = await SetPayloadAsync("write", stateName, grainId, grainState.ETag, payload, cancellationToken).ConfigureAwait(false);

        grainState.ETag = FormatVersion(newVersion);
        grainState.RecordExists = true;
        Log.StateWritten(_logger, _name, grainId, stateName, grainState.ETag);
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        if (grainState.ETag is null)
        {
            // Nothing was ever read from storage: clearing is a no-op unless someone has written meanwhile.
            long? storedVersion;
            try
            {
                using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                storedVersion = await ReadVersionAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw Failure("clear", stateName, grainId, ex);
            }

            if (storedVersion is not null)
            {
                throw Conflict("clear", stateName, grainId, storedVersion, grainState.ETag);
            }
        }
        else
        {
            var newVersion = await SetPayloadAsync("clear", stateName, grainId, grainState.ETag, payload: null, cancellationToken).ConfigureAwait(false);
            grainState.ETag = FormatVersion(newVersion);
        }

        grainState.State = GrainStateActivator.CreateEmpty<TState>();
        grainState.RecordExists = false;
        Log.StateCleared(_logger, _name, grainId, stateName, grainState.ETag);
    }

    /// <summary>Switches the database to WAL (readers never wait for the writer) and creates the table if missing.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
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
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.CommandTimeout = _commandTimeoutSeconds;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GrainStorageException($"The Sqlite grain storage '{_name}' could not create its table '{_tableName}': {ex.Message}", ex);
        }

        Log.SchemaEnsured(_logger, _name, _tableName);
    }

    /// <summary>Inserts (no ETag) or conditionally updates the payload; returns the new version or throws a conflict.</summary>
    private async Task<long> SetPayloadAsync(
        string operation, string stateName, GrainId grainId, string? etag, byte[]? payload, CancellationToken cancellationToken)
    {
        try
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                long? newVersion = null;
                if (etag is null)
                {
                    using var insert = CreateCommand(connection, _insertSql, stateName, grainId);
                    AddPayload(insert, payload);
                    newVersion = await ExecuteVersionAsync(insert, cancellationToken).ConfigureAwait(false);
                }
                else if (TryParseVersion(etag, out var expected))
                {
                    using var update = CreateCommand(connection, _updateSql, stateName, grainId);
                    AddPayload(update, payload);
                    update.Parameters.Add("@expected_version", SqliteType.Integer).Value = expected;
                    newVersion = await ExecuteVersionAsync(update, cancellationToken).ConfigureAwait(false);
                }

                if (newVersion is { } version)
                {
                    return version;
                }

                var storedVersion = await ReadVersionAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
                throw Conflict(operation, stateName, grainId, storedVersion, etag);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(operation, stateName, grainId, ex);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Pooled connections may or may not have it already; setting it is an in-memory change, so always do.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _busyTimeoutPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = _commandTimeoutSeconds;
        command.Parameters.Add("@grain_type", SqliteType.Text).Value = grainId.Type.Value;
        command.Parameters.Add("@grain_key", SqliteType.Text).Value = grainId.Key;
        command.Parameters.Add("@state_name", SqliteType.Text).Value = stateName;
        return command;
    }

    private void AddPayload(SqliteCommand command, byte[]? payload)
    {
        command.Parameters.Add("@payload", SqliteType.Blob).Value = (object?)payload ?? DBNull.Value;
        command.Parameters.Add("@payload_format", SqliteType.Text).Value = _serializer.Format;
        command.Parameters.Add("@modified_at", SqliteType.Text).Value =
            _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
    }

    private async Task<long?> ReadVersionAsync(SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        using var command = CreateCommand(connection, _selectVersionSql, stateName, grainId);
        return await ExecuteVersionAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long?> ExecuteVersionAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    private byte[] Serialize<TState>(TState state, string stateName, GrainId grainId)
    {
        try
        {
            return _serializer.Serialize(state);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Failure("serialize", stateName, grainId, ex);
        }
    }

    private TState Deserialize<TState>(byte[] payload, string payloadFormat, string stateName, GrainId grainId)
    {
        if (!string.Equals(payloadFormat, _serializer.Format, StringComparison.Ordinal))
        {
            throw Failure(
                "read",
                stateName,
                grainId,
                new FormatException($"The stored payload has format '{payloadFormat}' but the serializer reads '{_serializer.Format}'."));
        }

        try
        {
            return _serializer.Deserialize<TState>(payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Failure("deserialize", stateName, grainId, ex);
        }
    }

    private static bool TryParseVersion(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, long? storedVersion, string? etag)
    {
        var stored = storedVersion is { } version ? FormatVersion(version) : null;
        Log.Conflict(_logger, _name, operation, grainId, stateName, stored, etag);
        return new InconsistentStateException(
            $"The {ProviderName} grain storage '{_name}' refused to {operation} state '{stateName}' of grain {grainId}: "
            + $"the stored version is {stored ?? "(none)"} but the caller holds {etag ?? "(none)"}.",
            stored,
            etag);
    }

    private GrainStorageException Failure(string operation, string stateName, GrainId grainId, Exception exception)
    {
        Log.OperationFailed(_logger, exception, _name, operation, grainId, stateName);
        return new GrainStorageException(
            $"The {ProviderName} grain storage '{_name}' failed to {operation} state '{stateName}' of grain {grainId}: {exception.Message}",
            exception);
    }

    private readonly record struct StoredState(long Version, byte[]? Payload, string PayloadFormat);
}
