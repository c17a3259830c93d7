using Granary.Hosting;
using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>Three silos in this process, talking over loopback TCP with an in-memory membership table.</summary>
public sealed class ClusterCallTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo => silo.AddMemoryGrainStorage());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Grains_spread_over_every_silo_and_each_lives_on_exactly_one()
    {
        var factory = _cluster.GrainFactory;

        var homes = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => factory.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));

        var silos = _cluster.RunningSilos.Select(s => s.SiloAddress!.ToString()).ToHashSet();
        Assert.Equal(silos, homes.ToHashSet());
        Assert.All(homes.GroupBy(h => h), group => Assert.InRange(group.Count(), 50, 160));
        var activations = _cluster.RunningSilos.SelectMany(s => s.ActiveGrains).Where(id => id.Type.Value == "clusterprobe").ToList();
        Assert.Equal(300, activations.Count);
        Assert.Equal(300, activations.Distinct().Count());
    }

    [Fact]
    public async Task Every_silo_reaches_the_same_activation_of_a_grain()
    {
        var answers = await Task.WhenAll(_cluster.RunningSilos.Select(s => s.GrainFactory.GetGrain<IClusterProbeGrain>(7).Increment()));

        Assert.Equal([1, 2, 3], answers.Order());
    }

    [Fact]
    public async Task Grains_call_grains_on_other_silos_and_exceptions_cross_silos_typed()
    {
        var factory = _cluster.GrainFactory;
        var other = await factory.GetGrain<IClusterProbeGrain>(1001).WhereAreYou();

        Assert.Equal(other, await factory.GetGrain<IClusterProbeGrain>(1000).AskOther(1001));
        var remote = Enumerable.Range(0, 100).First(i =>
            factory.GetGrain<IClusterProbeGrain>(i).WhereAreYou().Result != _cluster.Primary.SiloAddress!.ToString());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.GetGrain<IClusterProbeGrain>(remote).Fail("remote boom"));
        Assert.Contains("remote boom", error.Message, StringComparison.Ordinal);
    }
}
