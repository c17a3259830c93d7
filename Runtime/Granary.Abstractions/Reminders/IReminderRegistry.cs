namespace Granary.Reminders;

/// <summary>
/// The silo's reminder service as grains see it. Reminders are stored durably and belong to the grain, not
/// its activation: they tick on whichever silo owns the grain, after deactivations and silo failures alike.
/// </summary>
public interface IReminderRegistry
{
    /// <summary>Registers, or replaces, the reminder <paramref name="reminderName"/> of <paramref name="grainId"/>.</summary>
    Task<IGrainReminder> RegisterOrUpdateReminder(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period);

    /// <summary>
    /// Removes the registration <paramref name="reminder"/> stands for; removing one that no longer exists is not an error.
    /// A handle of an earlier registration under the same name throws <see cref="ReminderException"/> and removes nothing.
    /// </summary>
    Task UnregisterReminder(GrainId grainId, IGrainReminder reminder);

    Task<IGrainReminder?> GetReminder(GrainId grainId, string reminderName);

    Task<IReadOnlyList<IGrainReminder>> GetReminders(GrainId grainId);
}
