using Granary.Invocation;
using Granary.Runtime;
using Granary.Timers;

namespace Granary.Activation;

/// <summary>
/// Activation and deactivation. Both run as turns of the activation itself, so grain code in
/// OnActivateAsync/OnDeactivateAsync has the same single-threaded guarantees as a call.
/// </summary>
internal sealed partial class ActivationData
{
    private static readonly SendOrPostCallback ActivateCallback = static state => _ = ((ActivationData)state!).ActivateAsync();

    private static readonly SendOrPostCallback DeactivateCallback = static state => _ = ((ActivationData)state!).DeactivateAsync();

    /// <summary>Begins activation; calls queue until it succeeds.</summary>
    public void Start() => Post(ActivateCallback, this);

    public void Deactivate(DeactivationReason reason)
    {
        var start = false;
        lock (_lock)
        {
            if (_deactivationReason is not null || _state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }

            _deactivationReason = reason;
            if (_state == ActivationState.Active && _running == 0)
            {
                _state = ActivationState.Deactivating;
                start = true;
            }
        }

        if (start)
        {
            Post(DeactivateCallback, this);
        }
    }

    /// <summary>Completes when this activation has left the catalog.</summary>
    public Task WhenDeactivated
    {
        get
        {
            lock (_lock)
            {
                if (_state == ActivationState.Invalid)
                {
                    return Task.CompletedTask;
                }

                _deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _deactivated.Task;
            }
        }
    }

    private async Task ActivateAsync()
    {
        // Runs on this activation's context: awaits keep to it (ConfigureAwait(true)).
        try
        {
            await _env.Started.WaitAsync(_env.Stopping).ConfigureAwait(true);
            var grain = _class.Factory(_env.Services, this);
            if (grain is Grain grainBase)
            {
                grainBase.GrainContext = this;
            }

            List<Func<CancellationToken, Task>>? steps;
            lock (_lock)
            {
                _grain = grain;
                steps = _activationSteps;
                _activationSteps = null;
            }

            foreach (var step in steps ?? [])
            {
                await step(_env.Stopping).ConfigureAwait(true);
            }

            if (grain is Grain activated)
            {
                await activated.OnActivateAsync(_env.Stopping).ConfigureAwait(true);
            }
        }
        catch (Exception exception)
        {
            FailActivation(exception);
            return;
        }

        NextStep next;
        lock (_lock)
        {
            _state = ActivationState.Active;
            _lastActiveTimestamp = _env.Time.GetTimestamp();
            next = DecideNextStepLocked();
        }

        Proceed(next);
    }

    private void FailActivation(Exception exception)
    {
        LogActivationFailed(_env.Logger, exception, GrainId);
        StopTimers();
        var queued = LeaveCatalog();

        // Callers waiting for this activation get the activation's exception; the next call tries again.
        foreach (var request in queued)
        {
            _env.PendingCalls.Untrack(request);
            request.TrySetException(exception);
        }

        _deactivated?.TrySetResult();
    }

    private async Task DeactivateAsync()
    {
        DeactivationReason reason;
        lock (_lock)
        {
            reason = _deactivationReason ?? DeactivationReason.ApplicationRequested;
        }

        _deactivating?.Cancel();
        StopTimers();
        if (_grain is Grain grain)
        {
            var timeout = _env.Collection.DeactivationTimeout;
            using var cancellation = new CancellationTokenSource(timeout, _env.Time);
            try
            {
                await grain.OnDeactivateAsync(reason, cancellation.Token)
                    .WaitAsync(timeout, _env.Time)
                    .ConfigureAwait(true);
            }
            catch (TimeoutException)
            {
                LogDeactivationTimedOut(_env.Logger, GrainId, timeout);
            }
            catch (Exception exception)
            {
                LogDeactivationFailed(_env.Logger, exception, GrainId);
            }
        }

        var queued = LeaveCatalog();
        foreach (var request in queued)
        {
            if (request is ITimerTick)
            {
                continue;
            }

            _env.Dispatcher!.Dispatch(request);
        }

        _deactivated?.TrySetResult();
        (_grain as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Leaves the catalog, then stops accepting calls and takes those still queued. In that order: calls
    /// arriving from now on create a fresh activation, and calls that reached this one meanwhile are
    /// returned for re-routing (or failing) in their original order.
    /// </summary>
    private List<GrainRequest> LeaveCatalog()
    {
        _env.Catalog.Remove(this);
        _env.Dispatcher!.OnDeactivated(this);
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            return DrainInboxLocked();
        }
    }

    private void StopTimers()
    {
        IDisposable[] timers;
        lock (_lock)
        {
            timers = _timers?.ToArray() ?? [];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
