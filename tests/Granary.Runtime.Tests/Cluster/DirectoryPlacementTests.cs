using Granary.Persistence;
using Granary.Runtime.Tests.Grains;
using Granary.Storage;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>Random and prefer-local placement through the grain directory, on three silos.</summary>
public sealed class DirectoryPlacementTests : IAsyncLifetime
{
    private readonly MemoryGrainStorage _sharedStorage = new("Default", new JsonGrainStateSerializer());
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo => silo.Services.AddKeyedSingleton<IGrainStorage>("Default", _sharedStorage));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Random_placement_spreads_grains_and_every_silo_reaches_the_single_activation()
    {
        var homes = await Task.WhenAll(Enumerable.Range(0, 90).Select(i => _cluster.GrainFactory.GetGrain<IRandomPlacedGrain>(i).WhereAreYou()));
        Assert.True(homes.Distinct().Count() >= 2, "random placement used more than one silo");

        foreach (var key in Enumerable.Range(0, 10))
        {
            var touches = new List<int>();
            var seenFrom = new HashSet<string>();
            foreach (var silo in _cluster.RunningSilos)
            {
                var grain = silo.GrainFactory.GetGrain<IRandomPlacedGrain>(key);
                touches.Add(await grain.Touch());
                seenFrom.Add(await grain.WhereAreYou());
            }

            Assert.Equal([1, 2, 3], touches);
            Assert.Single(seenFrom);
        }
    }

    [Fact]
    public async Task Prefer_local_placement_activates_on_the_first_callers_silo()
    {
        foreach (var (silo, index) in _cluster.RunningSilos.Select((s, i) => (s, i)))
        {
            var grain = silo.GrainFactory.GetGrain<IPreferLocalPlacedGrain>(100 + index);

            Assert.Equal(silo.SiloAddress!.ToString(), await grain.WhereAreYou());
            Assert.Equal(silo.SiloAddress!.ToString(), await _cluster.Primary.GrainFactory.GetGrain<IPreferLocalPlacedGrain>(100 + index).WhereAreYou());
        }
    }

    [Fact]
    public async Task A_directory_placed_grain_on_a_killed_silo_is_placed_again_elsewhere()
    {
        var victim = _cluster.RunningSilos.Last();
        var grain = victim.GrainFactory.GetGrain<IPreferLocalPlacedGrain>(7);
        Assert.Equal(victim.SiloAddress!.ToString(), await grain.WhereAreYou());

        await _cluster.KillSiloAsync(victim);
        var caller = _cluster.Primary.GrainFactory.GetGrain<IPreferLocalPlacedGrain>(7);

        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    return await caller.WhereAreYou() != victim.SiloAddress!.ToString();
                }
                catch (SiloUnavailableException)
                {
                    return false;
                }
            },
            "the grain lives again on a surviving silo");
    }
}
