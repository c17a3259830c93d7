using Microsoft.Extensions.Options;

namespace Granary.Reminders;

/// <summary>Validates <see cref="ReminderOptions"/>; messages name the configuration key to fix.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    // Periods are stored to the millisecond, and timers cannot wait longer than about 49 days in one go.
    private static readonly TimeSpan Smallest = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestRefresh = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var failures = new List<string>();
        if (options.MinimumReminderPeriod < Smallest)
        {
            failures.Add($"{ReminderOptions.SectionName}:MinimumReminderPeriod must be at least 1 ms (was {options.MinimumReminderPeriod}).");
        }

        if (options.RefreshPeriod < Smallest || options.RefreshPeriod > LongestRefresh)
        {
            failures.Add($"{ReminderOptions.SectionName}:RefreshPeriod must be between 1 ms and 1 day (was {options.RefreshPeriod}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
