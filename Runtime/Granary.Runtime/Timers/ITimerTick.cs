namespace Granary.Timers;

/// <summary>Marks the queued work of a timer tick, which is neither timed out nor re-routed like a call.</summary>
internal interface ITimerTick
{
    /// <summary>Whether the tick counts as activity for idle collection.</summary>
    bool KeepAlive { get; }
}
