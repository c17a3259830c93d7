using Granary.Postgres.Membership;
using Granary.Postgres.Persistence;
using Granary.Runtime.Tests.Grains;
using Granary.TestInfrastructure;
using Granary.Testing;

namespace Granary.Runtime.Tests.Cluster;

/// <summary>
/// The production shape: three silos sharing a real PostgreSQL for membership and grain state. Grains
/// spread over all three, a killed silo's grains come back elsewhere with their state, and a joining
/// silo takes its share.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresServer server) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        // Four silos with two pools each must stay under the test server's connection limit.
        var connectionString = await server.CreateDatabaseAsync() + ";Maximum Pool Size=8";
        var clusterId = $"pg-{Guid.NewGuid():N}";
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo =>
        {
            silo.UsePostgresClustering(options =>
            {
                options.ConnectionString = connectionString;
                options.ClusterId = clusterId;
            });
            silo.AddPostgresGrainStorage("Default", options => options.ConnectionString = connectionString);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Grains_spread_over_three_silos_and_survive_a_killed_silo_with_their_state()
    {
        var factory = _cluster.GrainFactory;
        const int Grains = 90;
        await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IClusterProbeGrain>(i).Increment()));
        var homes = await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));
        Assert.Equal(3, homes.Distinct().Count());

        var victim = _cluster.RunningSilos.Last();
        await _cluster.KillSiloAsync(victim);

        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => TryIncrementAsync(factory, i)))).All(ok => ok),
            "every grain answers after the kill");
        var counts = await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IClusterProbeGrain>(i).GetCount()));
        Assert.All(counts, count => Assert.True(count >= 2, $"a grain lost its persisted count: {count}"));
        await _cluster.WaitForStableMembershipAsync();
        Assert.Equal(2, _cluster.RunningSilos.Count);
    }

    [Fact]
    public async Task A_joining_silo_receives_activations()
    {
        var added = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForStableMembershipAsync();

        var homes = await Task.WhenAll(Enumerable.Range(50_000, 200).Select(i => _cluster.GrainFactory.GetGrain<IClusterProbeGrain>(i).WhereAreYou()));

        Assert.Contains(added.SiloAddress!.ToString(), homes);
    }

    // A call may fail while the cluster has not yet declared the dead silo dead; the grain's increments that
    // did succeed are what the final count checks.
    private static async Task<bool> TryIncrementAsync(IGrainFactory factory, int key)
    {
        try
        {
            await factory.GetGrain<IClusterProbeGrain>(key).Increment();
            return true;
        }
        catch (SiloUnavailableException)
        {
            return false;
        }
    }
}
