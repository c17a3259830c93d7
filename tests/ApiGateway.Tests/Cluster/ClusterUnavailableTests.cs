using System.Diagnostics;
using System.Net;
using Granary.ApiGateway.Tests.Hosting;
using Granary.Silo.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Cluster;

/// <summary>
/// A gateway whose cluster goes away answers 503 problem details at once (never a hang), reports not ready while
/// staying live, and serves again when a silo is back, without a restart.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ClusterUnavailableTests(GatewayCluster shop)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    /// <summary>What "at once" means on a loaded machine: the call timeout plus generous slack.</summary>
    private static readonly TimeSpan Fast = CallTimeout + TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_cluster_that_goes_away_is_a_fast_503_until_a_silo_is_back()
    {
        var database = await shop.Postgres.CreateDatabaseAsync();
        var cluster = await ShopTestCluster.StartAsync(1, ShopTestCluster.Settings(database));
        try
        {
            await using var gateway = new GatewayFactory(ShopTestCluster.GatewaySettings(
                cluster,
                database,
                ("Gateway:Cluster:CallTimeout", CallTimeout.ToString()),
                ("Gateway:Cluster:ReadinessTimeout", "00:00:01"),
                ("Gateway:Cluster:GatewayListRefreshPeriod", "00:00:01")));
            var api = new ShopApi(gateway.CreateClient());
            await api.WaitUntilReadyAsync();
            await ShopApi.ExpectAsync(await api.GetAsync("/products/DEMO-0001"), HttpStatusCode.OK);

            await cluster.StopAllSilosAsync();

            await Eventually.SucceedsAsync(async () => (await api.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "readiness to fail");
            foreach (var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => api.GetAsync("/products/DEMO-0001"),
                () => api.GetAsync("/products"),
                () => api.SendAsync(HttpMethod.Post, "/auth/login", new { email = ShopTestCluster.AdminEmail, password = ShopTestCluster.AdminPassword }),
                () => api.PlaceAsync(shop.Buyer.Token, $"unreachable-{Guid.NewGuid():N}", ShopApi.Order("tok_ok", ("DEMO-0001", 1))),
            })
            {
                var clock = Stopwatch.StartNew();
                var response = await request();
                Assert.True(clock.Elapsed < Fast, $"answered after {clock.Elapsed}");
                var problem = await ShopApi.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
                Assert.DoesNotContain("Exception", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.Single(response.Headers.GetValues("Retry-After"));
            }

            var readyClock = Stopwatch.StartNew();
            var notReady = await api.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.True(readyClock.Elapsed < Fast, $"readiness answered after {readyClock.Elapsed}");
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health/live")).StatusCode);

            await cluster.StartAdditionalSiloAsync();

            await api.WaitUntilReadyAsync();
            await ShopApi.ExpectAsync(await api.GetAsync("/products/DEMO-0001"), HttpStatusCode.OK);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
