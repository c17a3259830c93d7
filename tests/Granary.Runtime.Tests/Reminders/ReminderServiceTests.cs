using Granary.Reminders;
using Granary.Runtime.Tests.Grains;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Reminders;

/// <summary>The reminder service of a lone silo on the in-memory table, with a manual clock.</summary>
public sealed class ReminderServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly ManualTimeProvider _time = new();
    private readonly ReminderTickLog _log = new();
    private readonly SwitchableReminderTable _table = new();
    private readonly DateTime _t0;
    private TestCluster _cluster = null!;

    public ReminderServiceTests() => _t0 = _time.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(
        builder =>
        {
            // A slow tick must not time out on the manual clock; refreshes would only add noise.
            builder.AddConfiguration("Granary:Messaging:ResponseTimeout", "01:00:00");
            builder.AddConfiguration("Granary:Reminders:RefreshPeriod", "01:00:00");
            builder.ConfigureSilo(silo =>
            {
                silo.Services.AddSingleton(_log);
                silo.Services.AddReminderService(silo.Configuration);
                silo.Services.AddSingleton<IReminderTable>(_table);
            });
        },
        time: _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private ReminderService Service => _cluster.Primary.Services.GetRequiredService<ReminderService>();

    private Gates Gates => _cluster.Gates();

    [Fact]
    public async Task A_reminder_is_registered_read_back_and_unregistered()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("crud");

        var registered = await grain.Register("b", Minute, 2 * Minute);
        await grain.Register("a", 3 * Minute, Minute);

        Assert.Equal(new ReminderInfo("b", _t0 + Minute, 2 * Minute), registered);
        Assert.Equal(registered, await grain.Get("b"));
        Assert.Equal(["a", "b"], (await grain.GetAll()).Select(r => r.Name));
        Assert.Equal(_t0 + Minute, Service.NextTickOf(grain.GetGrainId(), "b"));

        await grain.Unregister("b");

        Assert.Null(await grain.Get("b"));
        Assert.Equal("a", Assert.Single(await grain.GetAll()).Name);
        Assert.Null(Service.NextTickOf(grain.GetGrainId(), "b"));
        await grain.Unregister("b"); // already gone: not an error
    }

    [Fact]
    public async Task Registering_again_replaces_the_reminder_and_a_stale_handle_cannot_remove_it()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("replace");
        await grain.Register("r", Minute, Minute);

        var replaced = await grain.Register("r", 5 * Minute, 3 * Minute);

        Assert.Equal(new ReminderInfo("r", _t0 + (5 * Minute), 3 * Minute), Assert.Single(await grain.GetAll()));
        Assert.Equal(_t0 + (5 * Minute), Service.NextTickOf(grain.GetGrainId(), "r"));
        var error = await Assert.ThrowsAsync<ReminderException>(() => grain.UnregisterFirstHandle("r"));
        Assert.Contains("registered again", error.Message, StringComparison.Ordinal);
        Assert.Equal(replaced, await grain.Get("r"));

        _time.Advance(Minute);
        Assert.Equal(0, _log.Count("replace", "r"));
    }

    [Fact]
    public async Task Bad_input_is_a_reminder_exception()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("bad");

        var shortPeriod = await Assert.ThrowsAsync<ReminderException>(() => grain.Register("r", Minute, TimeSpan.FromSeconds(59)));
        Assert.Contains("Granary:Reminders:MinimumReminderPeriod", shortPeriod.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ReminderException>(() => grain.Register("r", TimeSpan.FromSeconds(-1), Minute));
        await Assert.ThrowsAsync<ReminderException>(() => grain.Register(string.Empty, Minute, Minute));
        var notRemindable = await Assert.ThrowsAsync<ReminderException>(
            () => _cluster.GrainFactory.GetGrain<INotRemindableGrain>("plain").Register("r", Minute, Minute));
        Assert.Contains("IRemindable", notRemindable.Message, StringComparison.Ordinal);

        // The service checks on its own too, for callers that are not the grain.
        var direct = await Assert.ThrowsAsync<ReminderException>(
            () => Service.RegisterOrUpdateReminder(_cluster.GrainFactory.GetGrain<INotRemindableGrain>("plain").GetGrainId(), "r", Minute, Minute));
        Assert.Contains("IRemindable", direct.Message, StringComparison.Ordinal);
        Assert.Empty(await grain.GetAll());
    }

    [Fact]
    public async Task Ticks_come_at_the_due_time_and_then_every_period()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("schedule");
        await grain.Register("r", Minute, Minute);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, _log.Count("schedule", "r"));

        for (var tick = 1; tick <= 3; tick++)
        {
            var due = _t0 + (tick * Minute);
            await WaitArmedAsync(grain, "r", due);
            _time.Advance(due - _time.GetUtcNow().UtcDateTime);
            var expected = tick;
            await Eventually.WaitUntilAsync(() => _log.Count("schedule", "r") == expected, $"tick {expected}");
        }

        Assert.Equal(
            [_t0 + Minute, _t0 + (2 * Minute), _t0 + (3 * Minute)],
            _log.Of("schedule", "r").Select(t => t.Status.CurrentTickTime));
        Assert.All(_log.Of("schedule", "r"), t => Assert.Equal((_t0 + Minute, Minute), (t.Status.FirstTickTime, t.Status.Period)));
    }

    [Fact]
    public async Task A_slow_tick_is_never_overlapped_and_the_ticks_it_outlasted_are_skipped()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("slowpoke");
        await grain.Register("slow", Minute, Minute);

        _time.Advance(Minute);
        await Eventually.WaitUntilAsync(() => Gates.Entered("slowpoke/slow/1") == 1, "first tick running");
        _time.Advance(5 * Minute);

        Assert.Null(Service.NextTickOf(grain.GetGrainId(), "slow")); // no timer while the tick runs
        Gates.Open("slowpoke/slow/1");
        await WaitArmedAsync(grain, "slow", _t0 + (6 * Minute));
        _time.Advance(TimeSpan.Zero);
        await Eventually.WaitUntilAsync(() => Gates.Entered("slowpoke/slow/2") == 1, "second tick running");
        Gates.Open("slowpoke/slow/2");

        Assert.Equal(_t0 + (6 * Minute), _log.Of("slowpoke", "slow")[1].Status.CurrentTickTime);
        Assert.Equal(2, _log.Count("slowpoke", "slow"));
        Assert.Equal(1, _log.MaxConcurrent("slowpoke", "slow"));
    }

    [Fact]
    public async Task A_failing_tick_does_not_stop_the_reminder()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("failing");
        await grain.Register("throw", Minute, Minute);

        _time.Advance(Minute);
        await Eventually.WaitUntilAsync(() => _log.Count("failing", "throw") == 1, "first tick (fails)");
        await WaitArmedAsync(grain, "throw", _t0 + (2 * Minute));
        _time.Advance(Minute);

        await Eventually.WaitUntilAsync(() => _log.Count("failing", "throw") == 2, "second tick");
    }

    [Fact]
    public async Task A_reminder_outlives_its_activation_and_activates_the_grain_again()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("sleeper");
        await grain.Register("wake", Minute, Minute);
        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.IsActive(grain.GetGrainId()), "deactivated");

        _time.Advance(Minute);

        await Eventually.WaitUntilAsync(() => _log.Count("sleeper", "wake") == 1, "tick after deactivation");
        Assert.True(_cluster.Primary.IsActive(grain.GetGrainId()));
    }

    [Fact]
    public async Task A_restarted_silo_loads_its_reminders_from_the_table()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("durable");
        await grain.Register("r", 2 * Minute, Minute);

        await _cluster.RestartSiloAsync(_cluster.Primary);
        await WaitArmedAsync(grain, "r", _t0 + (2 * Minute));
        _time.Advance(2 * Minute);

        await Eventually.WaitUntilAsync(() => _log.Count("durable", "r") == 1, "tick on the restarted silo");
    }

    [Fact]
    public async Task A_storage_failure_is_a_reminder_exception_and_ticking_goes_on()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("outage");
        await grain.Register("r", Minute, Minute);

        _table.Failing = true;
        var error = await Assert.ThrowsAsync<ReminderException>(() => grain.Register("other", Minute, Minute));
        Assert.Contains("the reminder store is unreachable", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ReminderException>(() => grain.GetAll());
        _time.Advance(Minute);
        await Eventually.WaitUntilAsync(() => _log.Count("outage", "r") == 1, "the registered reminder ticks during the outage");

        _table.Failing = false;
        await grain.Register("other", Minute, Minute);
        Assert.Equal(2, (await grain.GetAll()).Count);
    }

    private Task WaitArmedAsync(IReminderGrain grain, string name, DateTime due) =>
        Eventually.WaitUntilAsync(() => Service.NextTickOf(grain.GetGrainId(), name) == due, $"'{name}' armed for {due:O}");
}
