namespace Granary.Reminders;

/// <summary>One stored reminder: a row of the reminder table, keyed by (<see cref="GrainId"/>, <see cref="ReminderName"/>).</summary>
public sealed record ReminderEntry
{
    public required GrainId GrainId { get; init; }

    public required string ReminderName { get; init; }

    /// <summary>When the first tick is due (UTC); later ticks follow every <see cref="Period"/>.</summary>
    public required DateTime StartAt { get; init; }

    public required TimeSpan Period { get; init; }

    /// <summary>The row version the table returned when this entry was written or read; null for an entry not yet stored.</summary>
    public string? ETag { get; init; }
}
