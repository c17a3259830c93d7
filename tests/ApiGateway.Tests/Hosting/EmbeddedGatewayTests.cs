using System.Net;
using System.Net.Sockets;
using Granary.Silo.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>
/// The README's embedded default: one process co-hosting the silo on a SQLite file, in Development without a
/// configured signing key (one is made at start-up) and with the development admin and demo catalog.
/// </summary>
public sealed class EmbeddedGatewayTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-gateway-").FullName;
    private GatewayFactory _gateway = null!;
    private ShopApi _api = null!;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayFactory(
            new Dictionary<string, string?>
            {
                ["Granary:Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "shop.db")}",
                ["Granary:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Granary:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            environment: "Development");
        _api = new ShopApi(_gateway.CreateClient());
        await _api.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task One_process_serves_the_whole_shop()
    {
        // appsettings.Development.json: the admin account and twenty demo products.
        var admin = await _api.LoginAsync("admin@granary.local", "granary-admin");
        Assert.Contains(new JsonWebToken(admin).Claims, claim => claim.Type == "role" && claim.Value == "admin");
        await Eventually.SucceedsAsync(
            async () => (await ShopApi.ExpectAsync(await _api.GetAsync("/products?query=demo"), HttpStatusCode.OK)).GetProperty("total").GetInt64() == 20,
            "the demo catalog to be listed");

        var sku = await _api.NewProductAsync(admin, "embedded", price: 500, stock: 3);
        var buyer = await _api.NewCustomerAsync("embedded");
        var order = await ShopApi.ExpectAsync(await _api.PlaceAsync(buyer.Token, "embedded-1", ShopApi.Order("tok_ok", (sku, 2))), HttpStatusCode.Created);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        await Eventually.SucceedsAsync(
            async () => (await ShopApi.ExpectAsync(await _api.GetAsync("/orders", buyer.Token), HttpStatusCode.OK)).GetArrayLength() == 1,
            "the order history to show the order");
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(1, level.GetProperty("available").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
