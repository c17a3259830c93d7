using Granary.Runtime;
using Granary.Storage;

namespace Granary.Persistence;

/// <summary>
/// A grain's named state backed by one storage provider. Read before OnActivateAsync; the provider
/// enforces the ETag on every write and clear.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>
{
    private readonly string _stateName;
    private readonly GrainId _grainId;
    private readonly IGrainStorage _storage;

    public PersistentState(string stateName, IGrainContext context, IGrainStorage storage)
    {
        _stateName = stateName;
        _grainId = context.GrainId;
        _storage = storage;
        State = CreateDefault();
        context.RegisterActivationStep(ReadStateAsync);
    }

    public TState State { get; set; }

    public string? Etag => ETag;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    // Grain code awaits these inside its turn, so continuations must come back to the activation.
    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ReadStateAsync(_stateName, _grainId, this, cancellationToken);

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        _storage.WriteStateAsync(_stateName, _grainId, this, cancellationToken);

    public Task ClearStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ClearStateAsync(_stateName, _grainId, this, cancellationToken);

    private static TState CreateDefault() => Activator.CreateInstance<TState>();
}
