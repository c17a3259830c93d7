using Granary.Timers;

namespace Granary.Runtime;

/// <summary>One activation of a grain, as its instance and its helpers see it.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    IGrainFactory GrainFactory { get; }

    /// <summary>The services grains are constructed from.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Signalled when the activation starts deactivating.</summary>
    CancellationToken Deactivating { get; }

    /// <summary>Asks the runtime to deactivate this activation once its current turns end.</summary>
    void Deactivate(DeactivationReason reason);

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>Registers a step that runs, inside the activation, before <c>OnActivateAsync</c> (state loading).</summary>
    void RegisterActivationStep(Func<CancellationToken, Task> step);

    /// <summary>
    /// A per-activation helper of type <typeparamref name="TComponent"/> (such as the stream consumer), created
    /// on first use from the silo's registered factory; null when the silo registers none.
    /// </summary>
    TComponent? GetComponent<TComponent>()
        where TComponent : class;

    IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);
}
