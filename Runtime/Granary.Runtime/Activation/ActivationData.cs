using Granary.Runtime;
using Granary.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Activation;

/// <summary>
/// One activation: the grain instance, its queue of calls, and its turn scheduler. It is the
/// grain's <see cref="SynchronizationContext"/>, so every continuation of grain code comes back here and
/// runs one at a time, and the thread-pool work item that drains its queue.
/// </summary>
internal sealed partial class ActivationData : SynchronizationContext, IGrainContext
{
    private readonly GrainClassInfo _class;
    private readonly ActivationEnvironment _env;
    private readonly Lock _lock = new();
    private ActivationState _state = ActivationState.Activating;
    private object? _grain;
    private DeactivationReason? _deactivationReason;
    private List<Func<CancellationToken, Task>>? _activationSteps;
    private List<IDisposable>? _timers;
    private Dictionary<Type, object?>? _components;
    private CancellationTokenSource? _deactivating;
    private TaskCompletionSource? _deactivated;
    private long _lastActiveTimestamp;
    private long _keepAliveUntilTimestamp;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, ActivationEnvironment environment)
    {
        GrainId = grainId;
        _class = grainClass;
        _env = environment;
        _lastActiveTimestamp = environment.Time.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassInfo GrainClass => _class;

    public object? GrainInstance => _grain;

    public IGrainFactory GrainFactory => _env.GrainFactory;

    public IServiceProvider ActivationServices => _env.Services;

    public CancellationToken Deactivating
    {
        get
        {
            lock (_lock)
            {
                _deactivating ??= new CancellationTokenSource();
                if (_state is ActivationState.Deactivating or ActivationState.Invalid)
                {
                    _deactivating.Cancel();
                }

                return _deactivating.Token;
            }
        }
    }

    internal ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public void RegisterActivationStep(Func<CancellationToken, Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (_lock)
        {
            if (_state != ActivationState.Activating || _grain is not null)
            {
                throw new InvalidOperationException("Activation steps can only be registered while the grain is being constructed.");
            }

            (_activationSteps ??= []).Add(step);
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = timeSpan == TimeSpan.MaxValue
            ? long.MaxValue
            : _env.Time.GetTimestamp() + (long)(timeSpan.TotalSeconds * _env.Time.TimestampFrequency);
        Volatile.Write(ref _keepAliveUntilTimestamp, until);
    }

    // Components are rare (stream consumers), so the map is created on first use; a factory is a
    // Func<IGrainContext, TComponent> singleton the feature registers with the silo.
    public TComponent? GetComponent<TComponent>()
        where TComponent : class
    {
        lock (_lock)
        {
            _components ??= [];
            if (!_components.TryGetValue(typeof(TComponent), out var component))
            {
                component = _env.Services.GetService<Func<IGrainContext, TComponent>>()?.Invoke(this);
                _components[typeof(TComponent)] = component;
            }

            return (TComponent?)component;
        }
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer<TState>(this, _env, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    /// <summary>Whether the collector may deactivate this activation now.</summary>
    public bool IsIdle(long nowTimestamp, long defaultAgeTicks)
    {
        var ageTicks = _class.CollectionAge is { } age ? (long)(age.TotalSeconds * _env.Time.TimestampFrequency) : defaultAgeTicks;
        lock (_lock)
        {
            return _state == ActivationState.Active
                && _running == 0
                && _inboxHead is null
                && _deactivationReason is null
                && nowTimestamp - _lastActiveTimestamp >= ageTicks
                && nowTimestamp >= _keepAliveUntilTimestamp;
        }
    }

    internal void RemoveTimer(IDisposable timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    public override string ToString() => $"[Activation {GrainId} {_class.ClassType.Name}]";
}
