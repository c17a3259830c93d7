namespace Granary.Reminders;

/// <summary>A durable reminder of one grain, as registered.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }

    /// <summary>When the first tick was due (UTC); later ticks follow every <see cref="Period"/>.</summary>
    DateTime FirstTickTime { get; }

    TimeSpan Period { get; }
}
