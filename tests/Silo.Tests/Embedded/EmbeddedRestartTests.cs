using Granary.Silo.Tests.Grains;
using Granary.Grains.Streams;
using Granary.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Granary.Silo.Tests.Embedded;

/// <summary>The embedded default (one silo, a SQLite file) keeps grain state and reminders across a crash and restart.</summary>
public sealed class EmbeddedRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-embedded-").FullName;

    [Fact]
    public async Task Events_not_yet_consumed_when_the_process_crashes_are_delivered_after_the_restart()
    {
        var path = Path.Combine(_folder, "events.db");
        var serviceId = "embedded-events-" + Guid.NewGuid().ToString("N");
        const int events = 20;

        var first = await GranaryTestCluster.StartSqliteAsync(path, serviceId, new Dictionary<string, string?> { [TestServicesConfigurator.HoldDeliveriesKey] = "true" });
        try
        {
            var stream = first.Client.GetStreamProvider(StreamProvider.Name).GetStream<int>(StreamId.Create(EventLogGrain.Namespace, "crash"));
            for (var i = 0; i < events; i++)
            {
                await stream.OnNextAsync(i);
            }

            // The consumer holds the first event when the process dies: every event is committed, none consumed.
            var gate = first.GetSiloServiceProvider(first.Primary!.SiloAddress).GetRequiredService<DeliveryGate>();
            await gate.Entered.WaitAsync(Eventually.DefaultTimeout);
            await first.KillSiloAsync(first.Primary!);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await GranaryTestCluster.StartSqliteAsync(path, serviceId);
        try
        {
            var log = second.GrainFactory.GetGrain<IEventLogGrain>("crash");
            await Eventually.SucceedsAsync(async () => (await log.GetReceivedAsync()).Count >= events, "the queued events to be delivered after the restart");
            Assert.Equal(Enumerable.Range(0, events), await log.GetReceivedAsync());
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task State_and_reminders_survive_a_crash_and_restart()
    {
        var path = Path.Combine(_folder, "granary.db");
        var serviceId = "embedded-" + Guid.NewGuid().ToString("N");
        int ticksBeforeCrash;

        var first = await GranaryTestCluster.StartSqliteAsync(path, serviceId);
        try
        {
            var counter = first.GrainFactory.GetGrain<ICounterGrain>("restart");
            await counter.IncrementAsync();
            await counter.IncrementAsync();
            await counter.IncrementAsync();

            var probe = first.GrainFactory.GetGrain<IReminderProbeGrain>("restart");
            await probe.StartAsync(TimeSpan.FromSeconds(1));
            await Eventually.SucceedsAsync(async () => (await probe.GetTicksAsync()).Count >= 2, "the reminder to tick");
            ticksBeforeCrash = (await probe.GetTicksAsync()).Count;

            // A crash: no graceful deactivation, nothing flushed on the way out.
            await first.KillSiloAsync(first.Primary!);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await GranaryTestCluster.StartSqliteAsync(path, serviceId);
        try
        {
            Assert.Equal(3, await second.GrainFactory.GetGrain<ICounterGrain>("restart").GetAsync());
            var probe = second.GrainFactory.GetGrain<IReminderProbeGrain>("restart");
            await Eventually.SucceedsAsync(async () => (await probe.GetTicksAsync()).Count > ticksBeforeCrash + 1, "the stored reminder to tick after the restart");
            await probe.StopAsync();
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
