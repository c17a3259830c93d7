namespace Granary.Reminders;

/// <summary>The handle a grain gets for one registration; its etag lets unregistering leave a newer registration alone.</summary>
internal sealed record GrainReminder(GrainId GrainId, string ReminderName, DateTime FirstTickTime, TimeSpan Period, string ETag) : IGrainReminder
{
    public static GrainReminder From(ReminderEntry entry) =>
        new(entry.GrainId, entry.ReminderName, entry.StartAt, entry.Period, entry.ETag ?? throw new ArgumentException("The entry has no etag.", nameof(entry)));
}
