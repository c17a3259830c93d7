using Granary.Runtime.Tests.Grains;
using Granary.Testing;
using Microsoft.Extensions.Options;

namespace Granary.Runtime.Tests.Hosting;

public sealed class SiloHostedServiceTests
{
    [Fact]
    public async Task Graceful_stop_waits_for_in_flight_turns_and_deactivates_every_activation()
    {
        var cluster = await TestClusters.StartAsync();
        var silo = cluster.Primary;
        var gates = cluster.Gates();
        var log = cluster.Log();
        var busy = cluster.GrainFactory.GetGrain<ICallerGrain>("busy");
        var idle = cluster.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        await idle.GetActivationId();
        var inFlight = busy.WaitFor("stop");
        await Eventually.WaitUntilAsync(() => gates.Entered("stop") == 1, "call in flight");

        var stopping = cluster.StopSiloAsync(silo);
        await Eventually.WaitUntilAsync(() => log.Count("deactivate:idle:ShuttingDown") == 1, "idle grain deactivated");
        Assert.False(stopping.IsCompleted);
        Assert.False(inFlight.IsCompleted);

        gates.Open("stop");
        await inFlight;
        await stopping;
        Assert.Equal(0, silo.ActivationCount);
    }

    [Fact]
    public async Task A_call_to_a_stopped_silo_fails_with_a_typed_exception()
    {
        var cluster = await TestClusters.StartAsync();
        var factory = cluster.GrainFactory;
        await cluster.StopSiloAsync(cluster.Primary);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => factory.GetGrain<ILifecycleGrain>("late").GetActivationId());
    }

    [Fact]
    public async Task Invalid_options_stop_start_up_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestClusters.StartAsync(
            builder => builder.AddConfiguration("Granary:Messaging:ResponseTimeout", "-00:00:01")));

        Assert.Contains("Granary:Messaging:ResponseTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_needing_an_unregistered_storage_fails_its_calls_with_the_storage_name()
    {
        await using var cluster = await TestClusters.StartAsync();

        var error = await Assert.ThrowsAsync<GranaryException>(
            () => cluster.GrainFactory.GetGrain<IMisconfiguredGrain>("x").Ping());

        Assert.Contains("NoSuchStorage", error.Message, StringComparison.Ordinal);
    }
}
