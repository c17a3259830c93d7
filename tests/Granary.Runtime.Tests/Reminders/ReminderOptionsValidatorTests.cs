using Granary.Reminders;

namespace Granary.Runtime.Tests.Reminders;

public sealed class ReminderOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new ReminderOptionsValidator().Validate(null, new ReminderOptions()).Succeeded);

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var result = new ReminderOptionsValidator().Validate(null, new ReminderOptions { MinimumReminderPeriod = TimeSpan.Zero, RefreshPeriod = TimeSpan.FromDays(2) });

        Assert.Contains(result.Failures!, f => f.StartsWith("Granary:Reminders:MinimumReminderPeriod", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Granary:Reminders:RefreshPeriod", StringComparison.Ordinal));
    }
}
