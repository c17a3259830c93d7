using Granary.Reminders;
using Granary.Runtime.Tests.Grains;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Reminders;

/// <summary>
/// Reminders on three silos with the real clock: each ticks on the silo owning its grain, and moves to another silo
/// when that one is killed or stops. Subclasses choose where membership and reminders are stored.
/// </summary>
public abstract class ReminderClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(90);

    private readonly ReminderTickLog _log = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.AddConfiguration("Granary:Reminders:MinimumReminderPeriod", "00:00:00.100");
        builder.AddConfiguration("Granary:Reminders:RefreshPeriod", "00:00:01");
        builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSingleton(_log);
            silo.Services.AddSingleton<Gates>();
        });
        await ConfigureAsync(builder);
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Registers the reminder service (and membership, if not the test cluster's in-memory one).</summary>
    protected abstract Task ConfigureAsync(TestClusterBuilder builder);

    [Fact]
    public async Task Each_reminder_ticks_on_the_silo_that_owns_its_grain()
    {
        var keys = Enumerable.Range(0, 12).Select(i => $"owned-{i}").ToList();
        var homes = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>(key);
            await grain.Register("r", TimeSpan.Zero, Period);
            homes[key] = await grain.WhereAreYou();
        }

        await Eventually.WaitUntilAsync(() => keys.All(key => _log.Count(key, "r") >= 3), "three ticks of every reminder", Takeover);

        Assert.All(keys, key => Assert.All(_log.Of(key, "r"), tick => Assert.Equal(homes[key], tick.Silo)));
        Assert.True(homes.Values.Distinct().Count() > 1, "the grains are spread over several silos");
        Assert.Equal(keys.Count, _cluster.RunningSilos.Sum(s => s.Services.GetRequiredService<ReminderService>().LocalReminderCount));
    }

    [Fact]
    public async Task A_reminder_registered_on_a_silo_that_is_then_killed_ticks_on_another_silo()
    {
        var victim = _cluster.RunningSilos[^1];
        var key = await KeyHostedByAsync(victim);
        await _cluster.GrainFactory.GetGrain<IReminderGrain>(key).Register("r", TimeSpan.Zero, Period);
        await Eventually.WaitUntilAsync(() => _log.Of(key, "r").Any(t => t.Silo == victim.SiloAddress!.ToString()), "a tick on the victim");

        await _cluster.KillSiloAsync(victim);

        await Eventually.WaitUntilAsync(
            () => _log.Of(key, "r").Any(t => t.Silo != victim.SiloAddress!.ToString()), "a tick on a surviving silo", Takeover);
        var survivors = _cluster.RunningSilos.Select(s => s.Services.GetRequiredService<ReminderService>()).ToList();
        Assert.Equal(1, survivors.Sum(s => s.LocalReminderCount));
    }

    [Fact]
    public async Task A_gracefully_stopped_silo_hands_its_reminders_over()
    {
        var leaving = _cluster.RunningSilos[^1];
        var key = await KeyHostedByAsync(leaving);
        await _cluster.GrainFactory.GetGrain<IReminderGrain>(key).Register("r", TimeSpan.Zero, Period);
        await Eventually.WaitUntilAsync(() => _log.Of(key, "r").Any(t => t.Silo == leaving.SiloAddress!.ToString()), "a tick on the leaving silo");

        var leavingService = leaving.Services.GetRequiredService<ReminderService>();
        await _cluster.StopSiloAsync(leaving);
        var ticksBefore = _log.Count(key, "r");
        Assert.Equal(0, leavingService.LocalReminderCount);

        await Eventually.WaitUntilAsync(
            () => _log.Of(key, "r").Skip(ticksBefore).Count(t => t.Silo != leaving.SiloAddress!.ToString()) >= 2, "ticks on a remaining silo", Takeover);
    }

    /// <summary>A grain key whose activation (and reminder) lives on <paramref name="silo"/>.</summary>
    private async Task<string> KeyHostedByAsync(TestSilo silo)
    {
        for (var i = 0; ; i++)
        {
            var key = $"{silo.Name}-{i}";
            if (await _cluster.GrainFactory.GetGrain<IReminderGrain>(key).WhereAreYou() == silo.SiloAddress!.ToString())
            {
                return key;
            }
        }
    }
}
