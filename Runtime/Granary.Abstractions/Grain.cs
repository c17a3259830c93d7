using Granary.Runtime;
using Granary.Streams;
using Granary.Timers;

namespace Granary;

/// <summary>
/// Base class of grain implementations. The runtime creates instances, attaches the activation's
/// <see cref="IGrainContext"/> before <see cref="OnActivateAsync"/>, and runs one turn at a time.
/// The context is not available inside the constructor; use <see cref="OnActivateAsync"/>.
/// </summary>
public abstract class Grain : IAddressable, IStreamConsumer
{
    private IGrainContext? _grainContext;

    /// <summary>The activation this instance belongs to.</summary>
    public IGrainContext GrainContext
    {
        get => _grainContext ?? throw new InvalidOperationException(
            "The grain context is attached after construction; use it from OnActivateAsync onwards.");
        internal set => _grainContext = value;
    }

    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    protected IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    public GrainId GetGrainId() => GrainContext.GrainId;

    /// <summary>Runs once, as the first turn, before any call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once, as the last turn, when the activation is collected, asked to leave or the silo stops.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends; the next call activates it again.</summary>
    protected void DeactivateOnIdle() => GrainContext.Deactivate(DeactivationReason.ApplicationRequested);

    /// <summary>Keeps this activation from being collected as idle for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>
    /// A timer that ticks inside this activation's turns: ticks never overlap each other and stop
    /// when the activation deactivates.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterTimer(static (cb, ct) => cb(ct), callback, options);
    }

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    protected IGrainTimer RegisterGrainTimer<TState>(
        Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterTimer(callback, state, options);
    }

    // Stream events reach the observers this activation attached through its stream consumer component.
    Task<StreamDeliveryResult> IStreamConsumer.Deliver(StreamDelivery delivery) =>
        (GrainContext.GetComponent<IStreamConsumer>()
            ?? throw new StreamSubscriptionException("This silo has no stream provider, so grains cannot receive stream events."))
        .Deliver(delivery);
}
