namespace Granary.Reminders;

/// <summary>When a reminder ticks: at its start time, then every period after it, on that grid only.</summary>
internal static class ReminderSchedule
{
    /// <summary>
    /// The first tick on the grid at or after <paramref name="now"/> and after <paramref name="lastTick"/> (the tick
    /// just delivered, if any). Ticks missed while nobody ran the reminder, or while a slow tick ran, are skipped, not
    /// replayed. <see cref="DateTime.MaxValue"/> when the next tick lies beyond the calendar.
    /// </summary>
    public static DateTime NextTick(DateTime startAt, TimeSpan period, DateTime now, DateTime? lastTick)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var next = startAt;
        if (now > startAt)
        {
            var periods = ((now - startAt).Ticks + period.Ticks - 1) / period.Ticks;
            next = Add(startAt, periods, period);
        }

        if (lastTick is { } last && next <= last)
        {
            next = Add(last, 1, period);
        }

        return next;
    }

    private static DateTime Add(DateTime from, long periods, TimeSpan period)
    {
        var room = DateTime.MaxValue.Ticks - from.Ticks;
        return periods > room / period.Ticks ? DateTime.MaxValue : new DateTime(from.Ticks + (periods * period.Ticks), DateTimeKind.Utc);
    }
}
