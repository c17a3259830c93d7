using System.Data.Common;
using System.Globalization;
using Granary.Storage;
using Microsoft.Extensions.Logging;

namespace Granary.Persistence.Relational;

/// <summary>
/// Grain state in one table keyed by (grain_type, grain_key, state_name), over plain ADO.NET. The <c>version</c>
/// column is the ETag: every write and clear bumps it in a single conditional statement, so a writer holding a
/// stale version (a duplicate activation, or another process) changes nothing and gets
/// <see cref="InconsistentStateException"/>. A clear keeps the row with a null payload (a tombstone) so the version
/// sequence never restarts and a stale writer can never resurrect old data. Database errors surface as
/// <see cref="GrainStorageException"/>, unless the caller's token was cancelled.
/// </summary>
/// <remarks>
/// The base for the SQL providers (Granary.Sqlite, Granary.Postgres): a provider supplies its statements, opens
/// connections, types the parameters and creates its table; the ETag rules live here only.
/// </remarks>
internal abstract partial class RelationalGrainStorage : IGrainStorage
{
    private readonly RelationalGrainStateStatements _statements;
    private readonly IGrainStateSerializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim? _writeGate;

    /// <param name="providerName">How messages name the provider, for example <c>Sqlite</c>.</param>
    /// <param name="name">The storage name the silo registered it under.</param>
    /// <param name="statements">The provider's SQL for the grain-state table.</param>
    /// <param name="serializer">Turns state into the stored payload and back.</param>
    /// <param name="timeProvider">Stamps <c>modified_at</c>.</param>
    /// <param name="logger">The provider's logger.</param>
    /// <param name="serializeWrites">
    /// Whether this instance runs one write at a time (for databases that admit a single writer), queueing the rest
    /// asynchronously instead of blocking threads in the driver.
    /// </param>
    protected RelationalGrainStorage(
        string providerName,
        string name,
        RelationalGrainStateStatements statements,
        IGrainStateSerializer serializer,
        TimeProvider timeProvider,
        ILogger logger,
        bool serializeWrites)
    {
        ArgumentNullException.ThrowIfNull(providerName);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        ProviderName = providerName;
        Name = name;
        Logger = logger;
        _statements = statements;
        _serializer = serializer;
        _timeProvider = timeProvider;
        _writeGate = serializeWrites ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>How messages name the provider, for example <c>Sqlite</c>.</summary>
    protected string ProviderName { get; }

    /// <summary>The storage name the silo registered this instance under.</summary>
    protected string Name { get; }

    protected ILogger Logger { get; }

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        StoredState? stored;
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = CreateKeyedCommand(connection, _statements.Select, stateName, grainId);
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

        Log.StateRead(Logger, ProviderName, Name, grainId, stateName, grainState.ETag);
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        var payload = Serialize(grainState.State, stateName, grainId);
        var newVersion = await SetPayloadAsync("write", stateName, grainId, grainState.ETag, payload, cancellationToken).ConfigureAwait(false);

        grainState.ETag = FormatVersion(newVersion);
        grainState.RecordExists = true;
        Log.StateWritten(Logger, ProviderName, Name, grainId, stateName, grainState.ETag);
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
                var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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
        Log.StateCleared(Logger, ProviderName, Name, grainId, stateName, grainState.ETag);
    }

    /// <summary>Creates the table (and whatever else the provider needs) if missing; safe to run any number of times.</summary>
    public abstract Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection to the provider's database, ready for the statements.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A command on <paramref name="connection"/> running <paramref name="sql"/>, with the provider's settings.</summary>
    protected virtual DbCommand CreateCommand(DbConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>A text parameter; <paramref name="name"/> is bare (<c>grain_key</c>), as the provider spells it.</summary>
    protected abstract DbParameter CreateTextParameter(string name, string value);

    /// <summary>A 64-bit integer parameter; <paramref name="name"/> is bare.</summary>
    protected abstract DbParameter CreateInt64Parameter(string name, long value);

    /// <summary>A binary parameter, database null when <paramref name="value"/> is null; <paramref name="name"/> is bare.</summary>
    protected abstract DbParameter CreateBinaryParameter(string name, byte[]? value);

    /// <summary>A point-in-time parameter; <paramref name="name"/> is bare.</summary>
    protected abstract DbParameter CreateTimestampParameter(string name, DateTimeOffset value);

    /// <summary>
    /// Waits for this instance's write turn when it serializes writes (see the constructor), else returns at once;
    /// dispose the result to let the next writer in.
    /// </summary>
    protected async ValueTask<WriteTurn> EnterWriteTurnAsync(CancellationToken cancellationToken)
    {
        if (_writeGate is not null)
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new WriteTurn(_writeGate);
    }

    /// <summary>The error for a failed <see cref="EnsureSchemaAsync"/>; <paramref name="table"/> as messages show it.</summary>
    protected GrainStorageException SchemaFailure(string table, DbException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new GrainStorageException(
            $"The {ProviderName} grain storage '{Name}' could not create its table {table}: {exception.Message}", exception);
    }

    /// <summary>Inserts (no ETag) or conditionally updates the payload; returns the new version or throws a conflict.</summary>
    private async Task<long> SetPayloadAsync(
        string operation, string stateName, GrainId grainId, string? etag, byte[]? payload, CancellationToken cancellationToken)
    {
        try
        {
            using var turn = await EnterWriteTurnAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                long? newVersion = null;
                if (etag is null)
                {
                    var insert = CreateKeyedCommand(connection, _statements.Insert, stateName, grainId);
                    await using (insert.ConfigureAwait(false))
                    {
                        AddPayload(insert, payload);
                        newVersion = await ExecuteVersionAsync(insert, cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (TryParseVersion(etag, out var expected))
                {
                    var update = CreateKeyedCommand(connection, _statements.Update, stateName, grainId);
                    await using (update.ConfigureAwait(false))
                    {
                        AddPayload(update, payload);
                        update.Parameters.Add(CreateInt64Parameter("expected_version", expected));
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

    private DbCommand CreateKeyedCommand(DbConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = CreateCommand(connection, sql);
        command.Parameters.Add(CreateTextParameter("grain_type", grainId.Type.Value));
        command.Parameters.Add(CreateTextParameter("grain_key", grainId.Key));
        command.Parameters.Add(CreateTextParameter("state_name", stateName));
        return command;
    }

    private void AddPayload(DbCommand command, byte[]? payload)
    {
        command.Parameters.Add(CreateBinaryParameter("payload", payload));
        command.Parameters.Add(CreateTextParameter("payload_format", _serializer.Format));
        command.Parameters.Add(CreateTimestampParameter("modified_at", _timeProvider.GetUtcNow()));
    }

    private async Task<long?> ReadVersionAsync(DbConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var command = CreateKeyedCommand(connection, _statements.SelectVersion, stateName, grainId);
        await using (command.ConfigureAwait(false))
        {
            return await ExecuteVersionAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long?> ExecuteVersionAsync(DbCommand command, CancellationToken cancellationToken)
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
        Log.Conflict(Logger, ProviderName, Name, operation, grainId, stateName, stored, etag);
        return new InconsistentStateException(
            $"The {ProviderName} grain storage '{Name}' refused to {operation} state '{stateName}' of grain {grainId}: "
            + $"the stored version is {stored ?? "(none)"} but the caller holds {etag ?? "(none)"}.",
            stored,
            etag);
    }

    private GrainStorageException Failure(string operation, string stateName, GrainId grainId, Exception exception)
    {
        Log.OperationFailed(Logger, exception, ProviderName, Name, operation, grainId, stateName);
        return new GrainStorageException(
            $"The {ProviderName} grain storage '{Name}' failed to {operation} state '{stateName}' of grain {grainId}: {exception.Message}",
            exception);
    }

    /// <summary>A held write turn (or none, when writes are not serialized); disposing it releases the turn.</summary>
    protected readonly struct WriteTurn : IDisposable
    {
        private readonly SemaphoreSlim? _gate;

        internal WriteTurn(SemaphoreSlim? gate) => _gate = gate;

        public void Dispose() => _gate?.Release();
    }

    private readonly record struct StoredState(long Version, byte[]? Payload, string PayloadFormat);
}
