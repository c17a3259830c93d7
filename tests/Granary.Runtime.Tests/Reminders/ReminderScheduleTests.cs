using Granary.Reminders;

namespace Granary.Runtime.Tests.Reminders;

public sealed class ReminderScheduleTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    [Fact]
    public void Before_the_start_the_next_tick_is_the_start() =>
        Assert.Equal(Start, ReminderSchedule.NextTick(Start, Period, Start.AddMinutes(-5), lastTick: null));

    [Fact]
    public void After_a_takeover_the_next_tick_is_the_next_one_on_the_grid() =>
        Assert.Equal(Start.AddMinutes(30), ReminderSchedule.NextTick(Start, Period, Start.AddMinutes(21), lastTick: null));

    [Fact]
    public void A_tick_exactly_now_is_due_now() =>
        Assert.Equal(Start.AddMinutes(20), ReminderSchedule.NextTick(Start, Period, Start.AddMinutes(20), lastTick: null));

    [Fact]
    public void The_tick_just_delivered_is_not_delivered_again() =>
        Assert.Equal(Start.AddMinutes(30), ReminderSchedule.NextTick(Start, Period, Start.AddMinutes(20), lastTick: Start.AddMinutes(20)));

    [Fact]
    public void Ticks_a_slow_tick_outlasted_are_skipped() =>
        Assert.Equal(Start.AddMinutes(50), ReminderSchedule.NextTick(Start, Period, Start.AddMinutes(41), lastTick: Start));

    [Fact]
    public void A_tick_beyond_the_calendar_never_comes() =>
        Assert.Equal(DateTime.MaxValue, ReminderSchedule.NextTick(DateTime.MaxValue.AddDays(-1), TimeSpan.FromDays(365), DateTime.MaxValue.AddHours(-1), lastTick: null));
}
