using Granary.Runtime.Tests.Grains;
using Granary.Sqlite.Reminders;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Reminders;

/// <summary>The embedded default end to end: a lone silo keeps its reminders in a SQLite file and finds them after a restart.</summary>
public sealed class SqliteReminderServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"granary-reminders-{Guid.NewGuid():N}.db");
    private readonly ManualTimeProvider _time = new();
    private readonly ReminderTickLog _log = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(
        builder => builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSingleton(_log);
            silo.UseSqliteReminderService(options => options.ConnectionString = $"Data Source={_path}");
        }),
        time: _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_reminder_survives_a_silo_restart_in_the_sqlite_file_and_ticks()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("persisted");
        var registered = await grain.Register("r", Minute, Minute);

        await _cluster.RestartSiloAsync(_cluster.Primary);

        grain = _cluster.GrainFactory.GetGrain<IReminderGrain>("persisted"); // references belong to the silo that made them
        Assert.Equal(registered, await grain.Get("r"));
        var service = _cluster.Primary.Services.GetRequiredService<Granary.Reminders.ReminderService>();
        await Eventually.WaitUntilAsync(() => service.NextTickOf(grain.GetGrainId(), "r") == registered.FirstTickTime, "loaded from the file");
        _time.Advance(Minute);
        await Eventually.WaitUntilAsync(() => _log.Count("persisted", "r") == 1, "tick on the restarted silo");
        Assert.Equal(registered.FirstTickTime, _log.Of("persisted", "r")[0].Status.CurrentTickTime);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[_path, _path + "-wal", _path + "-shm"])
        {
            File.Delete(file);
        }
    }
}
