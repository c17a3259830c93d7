using Granary.Client;
using Granary.Membership;
using Granary.Persistence;
using Granary.Runtime.Tests.Grains;
using Granary.Storage;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>A cluster client in its own host, calling a three-silo cluster over TCP.</summary>
public sealed class ClusterClientTests : IAsyncLifetime
{
    private readonly MemoryGrainStorage _sharedStorage = new("Default", new JsonGrainStateSerializer());
    private TestCluster _cluster = null!;
    private IHost _clientHost = null!;

    private IClusterClient Client => _clientHost.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo => silo.Services.AddKeyedSingleton<IGrainStorage>("Default", _sharedStorage));
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Logging.SetMinimumLevel(LogLevel.Warning);
        client.UseGranaryClient(c => c.UseInMemoryClustering(_cluster.MembershipTable));
        _clientHost = client.Build();
        await _clientHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _clientHost.StopAsync();
        _clientHost.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task The_client_reaches_grains_on_every_silo_and_sees_what_silos_see()
    {
        var homes = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Client.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));

        Assert.Equal(3, homes.Distinct().Count());
        Assert.Equal(1, await Client.GetGrain<IClusterProbeGrain>(77).Increment());
        Assert.Equal(2, await _cluster.GrainFactory.GetGrain<IClusterProbeGrain>(77).Increment());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.GetGrain<IClusterProbeGrain>(5).Fail("from client"));
        Assert.Contains("from client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_survives_the_loss_of_a_silo()
    {
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Client.GetGrain<IClusterProbeGrain>(i).Increment()));

        await _cluster.KillSiloAsync(_cluster.RunningSilos.Last());

        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            {
                try
                {
                    return await Client.GetGrain<IClusterProbeGrain>(i).GetCount() == 1;
                }
                catch (SiloUnavailableException)
                {
                    return false;
                }
            }))).All(ok => ok),
            "every grain answers the client again with its state");
    }

    [Fact]
    public async Task A_client_without_a_membership_table_is_a_clear_start_up_error()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        var error = Assert.Throws<InvalidOperationException>(() => builder.UseGranaryClient(_ => { }));

        Assert.Contains("membership table", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
