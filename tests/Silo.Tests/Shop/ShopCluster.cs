using Granary.Silo.Tests.Hosting;
using Granary.TestInfrastructure;
using Orleans.TestingHost;

namespace Granary.Silo.Tests.Shop;

/// <summary>
/// The shop on three silos over a real PostgreSQL server of its own: the cluster the shop's tests share (each test
/// uses its own SKUs and users), and the server on which failure tests start clusters of their own.
/// </summary>
public sealed class ShopCluster : IAsyncLifetime
{
    public const string AdminEmail = "Admin@Shop.Test";
    public const string AdminPassword = "admin-password-1";
    public const int DemoProducts = 3;

    public PostgresServer Postgres { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public ShopDriver Shop => new(Cluster.GrainFactory);

    /// <summary>Settings of the shop's test clusters: short saga deadline and reminder period, a configured admin and demo catalog.</summary>
    public static Dictionary<string, string?> Settings(TimeSpan? sagaDeadline = null) => new()
    {
        ["Granary:Orders:SagaDeadline"] = (sagaDeadline ?? TimeSpan.FromSeconds(20)).ToString(),
        ["Granary:Orders:ReminderPeriod"] = "00:00:02",
        ["Granary:Payments:SlowDelay"] = "00:00:02",
        ["Admin:Email"] = AdminEmail,
        ["Admin:Password"] = AdminPassword,
        ["Granary:Demo:Products"] = DemoProducts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Granary:Demo:Stock"] = "7",
    };

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Cluster = await GranaryTestCluster.StartPostgresAsync(Postgres.ConnectionString, silos: 3, Settings());
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }
}
