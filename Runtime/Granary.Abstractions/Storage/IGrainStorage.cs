namespace Granary.Storage;

/// <summary>
/// A grain state store. Implementations compare <see cref="IGrainState{TState}.ETag"/> with the stored
/// version on write and clear, throw <see cref="InconsistentStateException"/> when they differ, and
/// update the ETag on success. Clearing a state that was never written is not a conflict.
/// </summary>
public interface IGrainStorage
{
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);
}
