using Granary.Runtime;
using Granary.Timers;

namespace Granary.CodeGenerator.Tests.Infrastructure;

public sealed class FakeGrainContext(GrainId grainId) : IGrainContext
{
    public GrainId GrainId { get; } = grainId;

    public object? GrainInstance => null;

    public IGrainFactory GrainFactory => throw new NotSupportedException();

    public IServiceProvider ActivationServices => throw new NotSupportedException();

    public CancellationToken Deactivating => CancellationToken.None;

    public void Deactivate(DeactivationReason reason) => throw new NotSupportedException();

    public void DelayDeactivation(TimeSpan timeSpan) => throw new NotSupportedException();

    public void RegisterActivationStep(Func<CancellationToken, Task> step) => throw new NotSupportedException();

    public TComponent? GetComponent<TComponent>()
        where TComponent : class => null;

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        throw new NotSupportedException();
}

/// <summary>Records what the generated factory asked for.</summary>
public sealed class FakePersistentStateFactory : IPersistentStateFactory
{
    public List<(IGrainContext Context, string StateName, string? StorageName)> Created { get; } = [];

    public IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName)
    {
        Created.Add((context, stateName, storageName));
        return new FakePersistentState<TState>((TState)Activator.CreateInstance(typeof(TState))!);
    }
}

public sealed class FakePersistentState<TState>(TState state) : IPersistentState<TState>
{
    public TState State { get; set; } = state;

    public string? Etag => null;

    public bool RecordExists => false;

    public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
