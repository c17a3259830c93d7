using Granary.Silo.Tests.Hosting;
using Granary.TestInfrastructure;
using Orleans;
using Orleans.TestingHost;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>
/// The functional tests' shop: three silos on a PostgreSQL server of its own, and the gateway joined to them as a
/// cluster client (the production shape), reached through ASP.NET's test server. Tests use their own users and SKUs.
/// </summary>
public sealed class GatewayCluster : IAsyncLifetime
{
    /// <summary>How long <c>POST /orders</c> waits for a saga before answering 202.</summary>
    public static readonly TimeSpan WaitBudget = TimeSpan.FromSeconds(4);

    /// <summary>How long the simulated provider takes to answer <c>tok_slow</c>: well past the budget.</summary>
    public static readonly TimeSpan SlowPayment = TimeSpan.FromSeconds(8);

    public PostgresServer Postgres { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    /// <summary>The grains, reached by the test cluster's own client: to check what the gateway did behind its answers.</summary>
    public IGrainFactory Grains => Cluster.GrainFactory;

    public ShopApi Api => new(Gateway.CreateClient());

    /// <summary>An admin's token, for tests that only need one.</summary>
    public string AdminToken { get; private set; } = string.Empty;

    /// <summary>A customer, for tests that only need one (their orders are their own business).</summary>
    public Customer Buyer { get; private set; } = null!;

    /// <summary>A product with plenty of stock, for tests that only need one.</summary>
    public string StockedSku { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Cluster = await ShopTestCluster.StartAsync(3, ShopTestCluster.Settings(
            Postgres.ConnectionString,
            ("Granary:Payments:SlowDelay", SlowPayment.ToString())));
        Gateway = new GatewayFactory(ShopTestCluster.GatewaySettings(
            Cluster,
            Postgres.ConnectionString,
            ("Gateway:Orders:WaitBudget", WaitBudget.ToString()),
            // Generous: these tests are not about timeouts, and a loaded machine may be slow.
            ("Gateway:Cluster:CallTimeout", "00:00:30"),
            ("Gateway:RateLimits:PerUser:PermitLimit", "1000000"),
            ("Gateway:RateLimits:PerIp:PermitLimit", "1000000")));
        var api = Api;
        await api.WaitUntilReadyAsync();
        AdminToken = await api.AdminTokenAsync();
        Buyer = await api.NewCustomerAsync("fixture");
        StockedSku = await api.NewProductAsync(AdminToken, "stocked", stock: 100_000);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }
}

/// <summary>Test classes sharing the <see cref="GatewayCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayCluster>
{
    public const string Name = "Gateway over a three-silo cluster";
}
