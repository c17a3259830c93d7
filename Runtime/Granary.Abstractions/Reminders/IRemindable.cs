namespace Granary.Reminders;

/// <summary>Implemented by a grain that registers reminders: each tick is a call to <see cref="ReceiveReminder"/>.</summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}
