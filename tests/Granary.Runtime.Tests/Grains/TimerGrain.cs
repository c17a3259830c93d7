using Granary.Timers;

namespace Granary.Runtime.Tests.Grains;

public sealed class TimerGrain(Gates gates) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private int _inTick;
    private int _maxInTick;
    private bool _blocking;

    public Task StartTimer(TimeSpan dueTime, TimeSpan period, bool blocking)
    {
        _blocking = blocking;
        _timer = RegisterGrainTimer(OnTick, dueTime, period);
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> GetTicks() => Task.FromResult(_ticks);

    public Task<int> GetMaxConcurrentTicks() => Task.FromResult(_maxInTick);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task OnTick(CancellationToken cancellationToken)
    {
        _inTick++;
        _maxInTick = Math.Max(_maxInTick, _inTick);
        var tick = ++_ticks;
        try
        {
            if (_blocking)
            {
                await gates.WaitAsync($"{this.GetPrimaryKeyString()}-tick-{tick}");
            }
        }
        finally
        {
            _inTick--;
        }
    }
}
