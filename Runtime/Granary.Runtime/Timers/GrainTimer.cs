using Granary.Activation;
using Granary.Invocation;
using Microsoft.Extensions.Logging;

namespace Granary.Timers;

/// <summary>
/// A timer whose ticks are turns of its activation. It is one-shot under the hood and re-armed only
/// after a callback finishes, so ticks never overlap, however slow the callback.
/// </summary>
internal sealed partial class GrainTimer<TState> : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly ActivationEnvironment _env;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly bool _interleave;
    private readonly bool _keepAlive;
    private ITimer? _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _tickInFlight;

    public GrainTimer(
        ActivationData activation,
        ActivationEnvironment environment,
        Func<TState, CancellationToken, Task> callback,
        TState state,
        GrainTimerCreationOptions options)
    {
        Validate(options.DueTime, options.Period);
        _activation = activation;
        _env = environment;
        _callback = callback;
        _state = state;
        _dueTime = options.DueTime;
        _period = options.Period;
        _interleave = options.Interleave;
        _keepAlive = options.KeepAlive;
    }

    public void Start()
    {
        lock (_lock)
        {
            _timer = _env.Time.CreateTimer(static s => ((GrainTimer<TState>)s!).OnDue(), this, _dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            _dueTime = dueTime;
            _period = period;
            if (!_tickInFlight)
            {
                _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            _timer?.Dispose();
            _timer = null;
        }

        _activation.RemoveTimer(this);
    }

    private void OnDue()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested || _tickInFlight)
            {
                return;
            }

            _tickInFlight = true;
        }

        if (!_activation.TryEnqueue(new TickRequest(this)))
        {
            Dispose();
        }
    }

    private async ValueTask<object?> RunTickAsync()
    {
        try
        {
            // Grain code: stays on the activation (ConfigureAwait(true)).
            await _callback(_state, _disposed.Token).ConfigureAwait(true);
        }
        catch (Exception exception) when (!_disposed.IsCancellationRequested)
        {
            LogTimerCallbackFailed(_env.Logger, exception, _activation.GrainId);
        }
        catch (OperationCanceledException)
        {
            // Disposed while the tick ran: nothing to report.
        }
        finally
        {
            lock (_lock)
            {
                _tickInFlight = false;
                if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
                {
                    _timer?.Change(_period, Timeout.InfiniteTimeSpan);
                }
            }
        }

        return null;
    }

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or positive, or infinite.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be positive, or infinite to tick once.");
        }
    }

    [LoggerMessage(EventId = EventIds.TimerCallbackFailed, Level = LogLevel.Warning,
        Message = "A timer callback of grain {GrainId} threw; the timer keeps ticking.")]
    private static partial void LogTimerCallbackFailed(ILogger logger, Exception exception, GrainId grainId);

    /// <summary>One tick, queued to the activation like a call.</summary>
    private sealed class TickRequest(GrainTimer<TState> timer) : GrainRequest<object?>, ITimerTick
    {
        public override Type InterfaceType => typeof(IGrainTimer);

        public override string MethodName => "TimerTick";

        public override InvokeMethodOptions Options =>
            timer._interleave ? InvokeMethodOptions.AlwaysInterleave : InvokeMethodOptions.None;

        public override int ArgumentCount => 0;

        public bool KeepAlive => timer._keepAlive;

        public override object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

        public override void CopyArguments(Serialization.IDeepCopier copier)
        {
        }

        protected override ValueTask<object?> InvokeMethodAsync(object grain) => timer.RunTickAsync();
    }
}
