using System.Data.Common;
using System.Globalization;
using Granary.Persistence;
using Granary.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Granary.Postgres.Persistence;

/// <summary>
/// Grain state in one PostgreSQL table keyed by (grain_type, grain_key, state_name). The <c>version</c> column is
/// the ETag: every write and clear bumps it in a single conditional statement, so a writer holding a stale
/// version (a duplicate activation on another silo) changes nothing and gets <see cref="InconsistentStateException"/>.
/// A clear keeps the row with a null payload (a tombstone) so the version sequence never restarts.
/// Owns one <see cref="NpgsqlDataSource"/> (its connection pool), disposed with the container.
/// </summary>
internal sealed partial class PostgresGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private const string ProviderName = "Postgres";
    private const string SchemaResourceName = "Granary.Postgres.Persistence.GrainStateSchema.sql";

    private readonly string _name;
    private readonly PostgresGrainStorageOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IGrainStateSerializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private readonly string _selectSql;
    private readonly string _selectVersionSql;
    private readonly string _insertSql;
    private readonly string _updateSql;

    public PostgresGrainStorage(
        string name,
        PostgresGrainStorageOptions options,
        IGrainStateSerializer serializer,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!StorageIdentifier.IsValid(options.Schema) || !StorageIdentifier.IsValid(options.TableName))
        {
            throw new ArgumentException($"Schema '{options.Schema}' or table '{options.TableName}' is not a valid identifier.", nameof(options));
        }

        _name = name;
        _options = options;
        _serializer = serializer;
        _timeProvider = timeProvider;
        _logger = logger;

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = $"granary-storage-{name}" };
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        _dataSource = builder.Build();

        const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";
        var table = QualifiedTableName;
        _selectSql = $"SELECT version, payload, payload_format FROM {table} WHERE {Key}";
        _selectVersionSql = $"SELECT version FROM {table} WHERE {Key}";
        _insertSql =
            $"INSERT INTO {table} (grain_type, grain_key, state_name, version, payload, payload_format, modified_at) "
            + "VALUES (@grain_type, @grain_key, @state_name, 1, @payload, @payload_format, @modified_at) "
            + "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING RETURNING version";
        _updateSql =
            $"UPDATE {table} SET payload = @payload, payload_format = @payload_format, version = version + 1, modified_at = @modified_at "
            + $"WHERE {Key} AND version = @expected_version RETURNING version";
    }

    private string QualifiedTableName => $"\"{_options.Schema}\".\"{_options.TableName}\"";

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        StoredState? stored;
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateCommand(connection, _selectSql, stateName, grainId);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        stored = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                            ? new StoredState(
                                reader.GetInt64(0),
                                await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : reader.GetFieldValue<byte[]>(1),
                                reader.GetString(2))
                            : null;
                    }
                }
            }
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
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    storedVersion = await ReadVersionAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
                }
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

    /// <summary>Creates the schema if missing, then runs the embedded <c>GrainStateSchema.sql</c>; idempotent.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateSchema)
        {
            Log.SchemaCreationSkipped(_logger, _name, QualifiedTableName);
            return;
        }

        var script = LoadSchemaScript()
            .Replace(":\"schema\"", $"\"{_options.Schema}\"", StringComparison.Ordinal)
            .Replace(":\"table\"", $"\"{_options.TableName}\"", StringComparison.Ordinal);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await CreateSchemaIfMissingAsync(connection, cancellationToken).ConfigureAwait(false);

                var command = new NpgsqlCommand(script, connection);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GrainStorageException(
                $"The {ProviderName} grain storage '{_name}' could not create its table {QualifiedTableName}: {ex.Message}", ex);
        }

        Log.SchemaEnsured(_logger, _name, QualifiedTableName);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private async Task CreateSchemaIfMissingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Checked first because CREATE SCHEMA IF NOT EXISTS demands the CREATE privilege even when the schema exists.
        var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", connection);
        await using (exists.ConfigureAwait(false))
        {
            exists.Parameters.Add(new NpgsqlParameter<string>("schema", _options.Schema));
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }

        var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{_options.Schema}\"", connection);
        await using (create.ConfigureAwait(false))
        {
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema)
            {
                // Another silo created it at the same moment.
            }
        }
    }

    private static string LoadSchemaScript()
    {
        using var stream = typeof(PostgresGrainStorage).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{SchemaResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Inserts (no ETag) or conditionally updates the payload; returns the new version or throws a conflict.</summary>
    private async Task<long> SetPayloadAsync(
        string operation, string stateName, GrainId grainId, string? etag, byte[]? payload, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                long? newVersion = null;
                if (etag is null)
                {
                    var insert = CreateCommand(connection, _insertSql, stateName, grainId);
                    await using (insert.ConfigureAwait(false))
                    {
                        AddPayload(insert, payload);
                        newVersion = await ExecuteVersionAsync(insert, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (TryParseVersion(etag, out var expected))
                {
                    var update = CreateCommand(connection, _updateSql, stateName, grainId);
                    await using (update.ConfigureAwait(false))
                    {
                        AddPayload(update, payload);
                        update.Parameters.Add(new NpgsqlParameter<long>("expected_version", expected));
                        newVersion = await ExecuteVersionAsync(update, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (newVersion is { } version)
                {
                    return version;
                }

                var storedVersion = await ReadVersionAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
                throw Conflict(operation, stateName, grainId, storedVersion, etag);
            }
        }
        catch (DbException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(operation, stateName, grainId, ex);
        }
    }

    private static NpgsqlCommand CreateCommand(NpgsqlConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("grain_type", grainId.Type.Value));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_key", grainId.Key));
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", stateName));
        return command;
    }

    private void AddPayload(NpgsqlCommand command, byte[]? payload)
    {
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Bytea) { Value = (object?)payload ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("payload_format", _serializer.Format));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("modified_at", _timeProvider.GetUtcNow()));
    }

    private async Task<long?> ReadVersionAsync(NpgsqlConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, _selectVersionSql, stateName, grainId);
        await using (command.ConfigureAwait(false))
        {
            return await ExecuteVersionAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long?> ExecuteVersionAsync(NpgsqlCommand command, CancellationToken cancellationToken)
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
