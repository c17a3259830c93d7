using System.Net;
using Granary.ApiGateway.Tests.Hosting;
using Granary.Silo.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Endpoints;

/// <summary><c>/products</c>: admin writes, anonymous reads, the listing's search and paging.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProductEndpointsTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    [Fact]
    public async Task A_put_creates_the_product_with_201_then_updates_it_with_200()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = ShopApi.NewSku("put");

        var create = await _api.SendAsync(HttpMethod.Put, $"/products/{sku}", new { name = "Kettle", description = "Boils.", price = new { amount = 2_499, currency = "USD" } }, admin);
        var created = await ShopApi.ExpectAsync(create, HttpStatusCode.Created);
        Assert.Equal($"/products/{sku}", create.Headers.Location?.OriginalString);
        Assert.Equal(sku, created.GetProperty("sku").GetString());
        Assert.Equal("Kettle", created.GetProperty("name").GetString());
        Assert.Equal("Boils.", created.GetProperty("description").GetString());
        Assert.Equal(2_499, created.GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal("USD", created.GetProperty("price").GetProperty("currency").GetString());
        Assert.Equal(0, created.GetProperty("available").GetInt32());

        var updated = await ShopApi.ExpectAsync(
            await _api.SendAsync(HttpMethod.Put, $"/products/{sku}", new { name = "Kettle 2", price = new { amount = 2_999, currency = "USD" } }, admin),
            HttpStatusCode.OK);
        Assert.Equal("Kettle 2", updated.GetProperty("name").GetString());
        Assert.Equal("", updated.GetProperty("description").GetString());

        await ShopApi.ExpectAsync(await _api.SendAsync(HttpMethod.Post, $"/inventory/{sku}/restock", new { quantity = 4 }, admin), HttpStatusCode.OK);
        var read = await ShopApi.ExpectAsync(await _api.GetAsync($"/products/{sku}"), HttpStatusCode.OK);
        Assert.Equal("Kettle 2", read.GetProperty("name").GetString());
        Assert.Equal(2_999, read.GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal(4, read.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_bad_product_is_a_400_naming_the_fields_and_changes_nothing()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = ShopApi.NewSku("bad-put");

        await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Put, $"/products/{sku}", new { name = "", price = new { amount = 0, currency = "usd" } }, admin),
            "name",
            "price.amount",
            "price.currency");
        await ShopApi.ValidationProblemAsync(await _api.SendAsync(HttpMethod.Put, $"/products/{sku}", new { name = "No price" }, admin), "price");
        await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Put, $"/products/{sku}", new { name = "No amount", price = new { currency = "USD" } }, admin),
            "price.amount");
        await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Put, $"/products/{sku}", new { name = new string('n', 201), description = new string('d', 4001), price = new { amount = 1, currency = "USD" } }, admin),
            "name",
            "description");
        await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Put, "/products/not%20a%20sku!", new { name = "x", price = new { amount = 1, currency = "USD" } }, admin),
            "sku");

        await ShopApi.ProblemAsync(await _api.GetAsync($"/products/{sku}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_and_a_malformed_sku_a_400()
    {
        var missing = await ShopApi.ProblemAsync(await _api.GetAsync($"/products/{ShopApi.NewSku("missing")}"), HttpStatusCode.NotFound);
        Assert.Equal("not-found", missing.GetProperty("code").GetString());

        await ShopApi.ValidationProblemAsync(await _api.GetAsync($"/products/{new string('a', 65)}"), "sku");
        await ShopApi.ValidationProblemAsync(await _api.GetAsync("/products/semi;colon"), "sku");
    }

    [Fact]
    public async Task The_listing_searches_and_pages_in_sku_order()
    {
        var admin = await _api.AdminTokenAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var skus = new List<string>();
        foreach (var i in Enumerable.Range(0, 3))
        {
            skus.Add(await _api.NewProductAsync(admin, $"list{i}", stock: i + 1, name: $"Lamp {word} {i}"));
        }

        skus.Sort(StringComparer.Ordinal);
        var first = default(System.Text.Json.JsonElement);
        await Eventually.SucceedsAsync(
            async () =>
            {
                first = await ShopApi.ExpectAsync(await _api.GetAsync($"/products?query={word.ToUpperInvariant()}&page=1&pageSize=2"), HttpStatusCode.OK);
                return first.GetProperty("total").GetInt64() == 3;
            },
            "the catalog listing to hold the three new products");

        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal(skus[..2], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()!));
        var second = await ShopApi.ExpectAsync(await _api.GetAsync($"/products?query={word}&page=2&pageSize=2"), HttpStatusCode.OK);
        var last = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(skus[2], last.GetProperty("sku").GetString());
        Assert.True(last.GetProperty("available").GetInt32() > 0);
        Assert.Equal(1_000, last.GetProperty("price").GetProperty("amount").GetInt64());

        var defaults = await ShopApi.ExpectAsync(await _api.GetAsync("/products"), HttpStatusCode.OK);
        Assert.Equal(1, defaults.GetProperty("page").GetInt32());
        Assert.Equal(20, defaults.GetProperty("pageSize").GetInt32());
        Assert.True(defaults.GetProperty("total").GetInt64() >= 3);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=%20", "pageSize")]
    public async Task Bad_paging_is_a_400_naming_the_parameter(string queryString, string field)
        => await ShopApi.ValidationProblemAsync(await _api.GetAsync($"/products?{queryString}"), field);

    [Fact]
    public async Task An_overlong_search_is_a_400()
        => await ShopApi.ValidationProblemAsync(await _api.GetAsync($"/products?query={new string('q', 201)}"), "query");
}
