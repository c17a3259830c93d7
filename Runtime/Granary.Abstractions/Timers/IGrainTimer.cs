namespace Granary.Timers;

/// <summary>A timer owned by an activation. Dispose to stop it; it also stops when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer with a new due time and period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
