using System.Collections.Concurrent;
using System.Globalization;
using Granary.Storage;

namespace Granary.Persistence;

/// <summary>
/// Grain state in process memory, for tests and development. It keeps serialized bytes, never the
/// grain's objects, and applies the same ETag rules as the database providers (including tombstones
/// on clear), so code tested against it behaves the same in production.
/// </summary>
public sealed class MemoryGrainStorage(string name, IGrainStateSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string Type, string Key, string State), StoredState> _records = new();

    public string Name { get; } = name;

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        cancellationToken.ThrowIfCancellationRequested();
        if (_records.TryGetValue(Key(stateName, grainId), out var stored))
        {
            grainState.State = stored.Payload is null ? GrainStateActivator.CreateEmpty<TState>() : serializer.Deserialize<TState>(stored.Payload);
            grainState.ETag = Format(stored.Version);
            grainState.RecordExists = stored.Payload is not null;
        }
        else
        {
            grainState.State = GrainStateActivator.CreateEmpty<TState>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        cancellationToken.ThrowIfCancellationRequested();
        var payload = serializer.Serialize(grainState.State);
        var version = Replace(stateName, grainId, grainState.ETag, payload);
        grainState.ETag = Format(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        cancellationToken.ThrowIfCancellationRequested();
        var key = Key(stateName, grainId);
        if (grainState.ETag is null && !_records.ContainsKey(key))
        {
            // Never written: nothing to clear and nothing to conflict with.
            grainState.State = GrainStateActivator.CreateEmpty<TState>();
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        var version = Replace(stateName, grainId, grainState.ETag, payload: null);
        grainState.ETag = Format(version);
        grainState.RecordExists = false;
        grainState.State = GrainStateActivator.CreateEmpty<TState>();
        return Task.CompletedTask;
    }

    private long Replace(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        var key = Key(stateName, grainId);
        if (etag is null)
        {
            if (_records.TryAdd(key, new StoredState(1, payload)))
            {
                return 1;
            }

            throw Conflict(stateName, grainId, etag, key);
        }

        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected)
            && _records.TryGetValue(key, out var current)
            && current.Version == expected
            && _records.TryUpdate(key, new StoredState(expected + 1, payload), current))
        {
            return expected + 1;
        }

        throw Conflict(stateName, grainId, etag, key);
    }

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? etag, (string, string, string) key)
    {
        var stored = _records.TryGetValue(key, out var current) ? Format(current.Version) : null;
        return new InconsistentStateException(
            $"State '{stateName}' of grain {grainId} in memory storage '{Name}' was changed by someone else: "
            + $"stored version {stored ?? "none"}, this activation had {etag ?? "none"}.",
            stored,
            etag);
    }

    private static (string, string, string) Key(string stateName, GrainId grainId) => (grainId.Type.Value, grainId.Key, stateName);

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed record StoredState(long Version, byte[]? Payload);
}
