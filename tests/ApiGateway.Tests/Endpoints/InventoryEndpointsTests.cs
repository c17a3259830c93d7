using System.Net;
using Granary.ApiGateway.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Endpoints;

/// <summary><c>/inventory</c>: restocking and stock levels, for admins.</summary>
[Collection(GatewayCollection.Name)]
public sealed class InventoryEndpointsTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    [Fact]
    public async Task Restocking_adds_units_and_the_stock_level_reports_them()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "restock", stock: 0);

        var first = await ShopApi.ExpectAsync(await _api.SendAsync(HttpMethod.Post, $"/inventory/{sku}/restock", new { quantity = 7 }, admin), HttpStatusCode.OK);
        var second = await ShopApi.ExpectAsync(await _api.SendAsync(HttpMethod.Post, $"/inventory/{sku}/restock", new { quantity = 5 }, admin), HttpStatusCode.OK);

        Assert.Equal(7, first.GetProperty("onHand").GetInt32());
        Assert.Equal(sku, second.GetProperty("sku").GetString());
        Assert.Equal(12, second.GetProperty("onHand").GetInt32());
        Assert.Equal(0, second.GetProperty("reserved").GetInt32());
        Assert.Equal(12, second.GetProperty("available").GetInt32());
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(12, level.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task An_unknown_sku_is_a_404_for_restocking_and_reading()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = ShopApi.NewSku("ghost");

        await ShopApi.ProblemAsync(await _api.SendAsync(HttpMethod.Post, $"/inventory/{sku}/restock", new { quantity = 3 }, admin), HttpStatusCode.NotFound);
        await ShopApi.ProblemAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"quantity\":0}")]
    [InlineData("{\"quantity\":-5}")]
    [InlineData("{\"quantity\":1000001}")]
    [InlineData("{}")]
    [InlineData("{\"quantity\":null}")]
    [InlineData("{\"quantity\":\"abc\"}")]
    [InlineData("{\"quantity\":\"5\"}")]
    [InlineData("{\"quantity\":1.5}")]
    [InlineData("{\"quantity\":1e99}")]
    [InlineData("{\"quantity\":99999999999999999999}")]
    [InlineData("{\"quantity\":true}")]
    [InlineData("{\"quantity\":[1]}")]
    public async Task A_bad_quantity_is_a_400_naming_it_and_adds_nothing(string body)
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "bad-restock", stock: 2);

        await ShopApi.ValidationProblemAsync(await _api.SendRawAsync(HttpMethod.Post, $"/inventory/{sku}/restock", body, admin), "quantity");

        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(2, level.GetProperty("onHand").GetInt32());
    }
}
