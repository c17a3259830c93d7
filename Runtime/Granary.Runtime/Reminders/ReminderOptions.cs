namespace Granary.Reminders;

/// <summary>How a silo's reminder service behaves (configuration section <c>Granary:Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Granary:Reminders";

    /// <summary>The shortest period a reminder may have: reminders are for coarse, durable work. Default 1 minute, as in Orleans.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the silo re-reads the table, to pick up reminders registered on other silos for grains it owns.
    /// Membership changes trigger a re-read at once, whatever this says. Default 1 minute.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
