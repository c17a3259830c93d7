namespace Granary.Reminders;

/// <summary>A reminder cannot be registered or changed as asked (bad period, grain not remindable, no reminder service, storage failure).</summary>
public sealed class ReminderException : GranaryException
{
    public ReminderException(string message)
        : base(message)
    {
    }

    public ReminderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
