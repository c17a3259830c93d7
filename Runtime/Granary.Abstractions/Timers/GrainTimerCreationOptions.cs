namespace Granary.Timers;

/// <summary>
/// How a grain timer ticks. <see cref="Period"/> of <see cref="Timeout.InfiniteTimeSpan"/> ticks once.
/// The next tick is counted from the end of the previous callback, so ticks never overlap.
/// </summary>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Whether a tick may interleave with other turns (false: a tick is a turn like any call).</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether a tick counts as activity that keeps the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
