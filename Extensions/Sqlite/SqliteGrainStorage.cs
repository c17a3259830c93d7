using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Granary.Extensions.Sqlite;

/// <summary>
/// Orleans grain storage in a SQLite file (Orleans ships none). The ETag is the row's version: a write or clear with
/// a stale ETag throws <see cref="InconsistentStateException"/>, as Orleans' own providers do. Reads run in parallel;
/// writes go through one <see cref="SqliteWriteQueue"/> per storage, committed in groups.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly string _serviceId;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly SqliteWriteQueues _writers;
    private SqliteWriteQueue? _writes;
    private bool _stopped;

    internal SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activators,
        SqliteWriteQueues writers,
        ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _activators = activators;
        _logger = logger;
        _writers = writers;
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = new SqliteConnection(_options.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM granary_grain_state WHERE service_id = $service AND state_name = $state AND grain_id = $grain;";
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = _activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var payload = (byte[])reader.GetValue(0);
        grainState.State = _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialized before queuing: a value that cannot be serialized fails here, and nothing is written.
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var outcome = await Writer().WriteAsync(new StateWrite(_serviceId, stateName, grainId.ToString(), payload, ParseETag(grainState.ETag))).ConfigureAwait(false);
        ThrowOnConflict(outcome, stateName, grainId, grainState.ETag);
        grainState.ETag = outcome.Version!.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var outcome = await Writer().WriteAsync(new StateWrite(_serviceId, stateName, grainId.ToString(), null, ParseETag(grainState.ETag))).ConfigureAwait(false);
        ThrowOnConflict(outcome, stateName, grainId, grainState.ETag);
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(_name), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    internal async Task StartAsync(CancellationToken cancellationToken)
        => _writes = await _writers.AcquireAsync(_options.ConnectionString, _options.MaxWritesPerCommit, cancellationToken).ConfigureAwait(false);

    // Writes already queued are committed first (by the last storage of the file to stop).
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_writes is not null)
        {
            _writes = null;
            _stopped = true;
            await _writers.ReleaseAsync(_options.ConnectionString, cancellationToken).ConfigureAwait(false);
        }
    }

    // Before the silo's storage stage started the writer nothing would commit a write: fail rather than hang.
    private SqliteWriteQueue Writer() => _writes ?? throw (_stopped
        ? new ObjectDisposedException(nameof(SqliteGrainStorage), $"SQLite grain storage '{_name}' has stopped; the write was not made.")
        : new InvalidOperationException($"SQLite grain storage '{_name}' has not started; the write was not made."));

    private void ThrowOnConflict(StateWriteOutcome outcome, string stateName, GrainId grainId, string? etag)
    {
        if (!outcome.Conflict)
        {
            return;
        }

        var stored = outcome.Version?.ToString(CultureInfo.InvariantCulture);
        LogConflict(_logger, _name, stateName, grainId, etag, stored);
        throw new InconsistentStateException(
            $"SQLite grain storage '{_name}': state '{stateName}' of {grainId} was changed by someone else (expected version {etag ?? "none"}, stored {stored ?? "none"}).",
            stored, etag);
    }

    private static long? ParseETag(string? etag)
        => string.IsNullOrEmpty(etag) ? null : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);
}
