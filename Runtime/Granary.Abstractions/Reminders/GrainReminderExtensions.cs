using Microsoft.Extensions.DependencyInjection;

namespace Granary.Reminders;

/// <summary>Reminder calls a grain makes about itself, shaped like Orleans' grain reminder extensions.</summary>
public static class GrainReminderExtensions
{
    /// <summary>
    /// Registers or replaces a durable reminder: first tick after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/>. The grain must implement <see cref="IRemindable"/>. An empty name, a negative due time
    /// or a period below the silo's minimum throw <see cref="ReminderException"/>, as do storage failures.
    /// </summary>
    public static Task<IGrainReminder> RegisterOrUpdateReminder(this Grain grain, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        return Registry(grain).RegisterOrUpdateReminder(grain.GetGrainId(), reminderName, dueTime, period);
    }

    public static Task UnregisterReminder(this Grain grain, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return Registry(grain).UnregisterReminder(grain.GetGrainId(), reminder);
    }

    public static Task<IGrainReminder?> GetReminder(this Grain grain, string reminderName)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        return Registry(grain).GetReminder(grain.GetGrainId(), reminderName);
    }

    public static Task<IReadOnlyList<IGrainReminder>> GetReminders(this Grain grain) => Registry(grain).GetReminders(grain.GetGrainId());

    private static IReminderRegistry Registry(Grain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        if (grain is not IRemindable)
        {
            throw new ReminderException(
                $"Grain {grain.GetGrainId()} ({grain.GetType().Name}) must implement IRemindable to use reminders.");
        }

        return grain.GrainContext.ActivationServices.GetService<IReminderRegistry>()
            ?? throw new ReminderException(
                "This silo has no reminder service. Add one with UseInMemoryReminderService(), UseSqliteReminderService(...) or UsePostgresReminderService(...).");
    }
}
