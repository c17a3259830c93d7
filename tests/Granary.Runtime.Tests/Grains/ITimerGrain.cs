namespace Granary.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer; each tick waits for the gate "{key}-tick-{n}" to open.</summary>
    Task StartTimer(TimeSpan dueTime, TimeSpan period, bool blocking);

    Task StopTimer();

    Task<int> GetTicks();

    Task<int> GetMaxConcurrentTicks();

    Task Deactivate();
}
