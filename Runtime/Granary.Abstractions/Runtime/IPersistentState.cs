namespace Granary.Runtime;

/// <summary>
/// A grain's durable state, injected into its constructor with <see cref="PersistentStateAttribute"/>.
/// It is read before <c>OnActivateAsync</c>; writes are guarded by <see cref="Etag"/>, so a write based on
/// a stale read throws <see cref="Storage.InconsistentStateException"/> instead of overwriting newer data.
/// </summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>The version last read or written; null when nothing has ever been stored.</summary>
    string? Etag { get; }

    /// <summary>Whether storage currently holds a record for this state.</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored record and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
