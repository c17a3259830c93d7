using System.Net;
using System.Text;
using Granary.ApiGateway.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Errors;

/// <summary>
/// Hostile and careless input on every route that takes some: answered 4xx with problem details naming the field at
/// fault, never 500, and nothing changed.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BadInputTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    /// <summary>The routes that take a JSON body (see <see cref="SendToAsync(string, HttpContent)"/>).</summary>
    private static readonly string[] BodyRoutes = ["register", "login", "profile", "product", "restock", "order"];

    public static readonly TheoryData<string, string> MalformedBodies = Cross(
        BodyRoutes,
        "{",
        "not json",
        "[]",
        "[1,2]",
        "null",
        "\"text\"",
        "42",
        "{\"a\":}",
        "{'single':'quotes'}",
        "{\"name\":\"x\"}}",
        "{\"name\":\"x\",}",
        "\u0000",
        new string('[', 200) + new string(']', 200),
        "");

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_json_is_a_400_naming_the_body_or_field(string route, string body)
    {
        var response = await SendToAsync(route, body);

        var problem = await ShopApi.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(), problem.ToString());
    }

    [Theory]
    [InlineData("{\"items\":{\"sku\":\"A\"},\"payment\":{\"token\":\"tok_ok\"}}", "items")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":\"abc\"}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":\"5\"}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1.5}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1e99}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":2147483648}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":true}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":null}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":0}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":-1}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1001}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].quantity")]
    [InlineData("{\"items\":[{\"sku\":123,\"quantity\":1}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].sku")]
    [InlineData("{\"items\":[{\"quantity\":1}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].sku")]
    [InlineData("{\"items\":[null],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].sku")]
    [InlineData("{\"items\":[{\"sku\":\"'; DROP TABLE orders; --\",\"quantity\":1}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].sku")]
    [InlineData("{\"items\":[{\"sku\":\"DEMO-\uff10\uff10\uff10\uff11\",\"quantity\":1}],\"payment\":{\"token\":\"tok_ok\"}}", "items[0].sku")]
    [InlineData("{\"items\":[],\"payment\":{\"token\":\"tok_ok\"}}", "items")]
    [InlineData("{\"payment\":{\"token\":\"tok_ok\"}}", "items")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1}],\"payment\":\"tok_ok\"}", "payment")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1}],\"payment\":{\"token\":5}}", "payment.token")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1}]}", "payment.token")]
    [InlineData("{\"items\":[{\"sku\":\"A\",\"quantity\":1}],\"payment\":{\"token\":\"   \"}}", "payment.token")]
    public async Task Type_confusion_and_bad_values_in_an_order_are_a_400_naming_the_field(string body, string field)
    {
        var response = await _api.SendRawAsync(HttpMethod.Post, "/orders", body, shop.Buyer.Token, $"bad-{Guid.NewGuid():N}");

        await ShopApi.ValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Too_many_lines_or_an_overlong_token_are_a_400()
    {
        var lines = Enumerable.Range(0, 101).Select(i => (shop.StockedSku, 1)).ToArray();
        await ShopApi.ValidationProblemAsync(await _api.PlaceAsync(shop.Buyer.Token, $"many-{Guid.NewGuid():N}", ShopApi.Order("tok_ok", lines)), "items");
        await ShopApi.ValidationProblemAsync(
            await _api.PlaceAsync(shop.Buyer.Token, $"token-{Guid.NewGuid():N}", ShopApi.Order(new string('t', 129), (shop.StockedSku, 1))),
            "payment.token");
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"price\":{\"amount\":\"100\",\"currency\":\"USD\"}}", "price.amount")]
    [InlineData("{\"name\":\"x\",\"price\":{\"amount\":1e30,\"currency\":\"USD\"}}", "price.amount")]
    [InlineData("{\"name\":\"x\",\"price\":{\"amount\":9223372036854775808,\"currency\":\"USD\"}}", "price.amount")]
    [InlineData("{\"name\":\"x\",\"price\":{\"amount\":-100,\"currency\":\"USD\"}}", "price.amount")]
    [InlineData("{\"name\":\"x\",\"price\":{\"amount\":100,\"currency\":\"US Dollar\"}}", "price.currency")]
    [InlineData("{\"name\":\"x\",\"price\":{\"amount\":100,\"currency\":840}}", "price.currency")]
    [InlineData("{\"name\":\"x\",\"price\":100}", "price")]
    [InlineData("{\"name\":[\"x\"],\"price\":{\"amount\":100,\"currency\":\"USD\"}}", "name")]
    public async Task Type_confusion_and_huge_numbers_in_a_product_are_a_400_naming_the_field(string body, string field)
    {
        var sku = ShopApi.NewSku("confused");

        await ShopApi.ValidationProblemAsync(await _api.SendRawAsync(HttpMethod.Put, $"/products/{sku}", body, shop.AdminToken), field);

        await ShopApi.ProblemAsync(await _api.GetAsync($"/products/{sku}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("%C3%84%C3%96%C3%9C")]
    [InlineData("%27%3B%20DROP%20TABLE%20products%3B%20--")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("DEMO-0001%0A")]
    [InlineData("a%20b")]
    public async Task Unicode_and_injection_strings_in_a_sku_route_value_are_a_400(string encodedSku)
    {
        await ShopApi.ValidationProblemAsync(await _api.GetAsync($"/products/{encodedSku}"), "sku");
        await ShopApi.ValidationProblemAsync(await _api.GetAsync($"/inventory/{encodedSku}", shop.AdminToken), "sku");
        await ShopApi.ValidationProblemAsync(await _api.SendAsync(HttpMethod.Post, $"/inventory/{encodedSku}/restock", new { quantity = 1 }, shop.AdminToken), "sku");
        await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Put, $"/products/{encodedSku}", new { name = "x", price = new { amount = 1, currency = "USD" } }, shop.AdminToken),
            "sku");
    }

    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("'; DROP TABLE catalog_listing; --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    [InlineData("ünïcödé 🚀 李")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Injection_and_unicode_search_text_is_searched_for_literally(string text)
    {
        var page = await ShopApi.ExpectAsync(await _api.GetAsync($"/products?query={Uri.EscapeDataString(text)}"), HttpStatusCode.OK);

        Assert.Equal(0, page.GetProperty("total").GetInt64());
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Unicode_and_markup_in_text_fields_are_kept_as_written()
    {
        var email = $"Zoë.{Guid.NewGuid():N}@exämple.test";
        var name = "Zoë 🚀 李 <b>&amp;</b> \"quoted\"";
        await _api.RegisterAsync(email, name: name);
        var token = await _api.LoginAsync(email.ToUpperInvariant());

        var profile = await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", token), HttpStatusCode.OK);

        Assert.Equal(email, profile.GetProperty("email").GetString());
        Assert.Equal(name, profile.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_injection_string_as_an_email_is_refused()
        => await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Post, "/auth/register", new { email = "x' OR '1'='1 --@shop.test", password = "password-1", name = "x" }),
            "email");

    [Theory]
    [InlineData("register")]
    [InlineData("profile")]
    [InlineData("product")]
    [InlineData("order")]
    public async Task An_oversized_body_is_a_400_whether_announced_or_chunked(string route)
    {
        var huge = "{\"name\":\"" + new string('x', 70 * 1024) + "\"}";

        var announced = await SendToAsync(route, new StringContent(huge, Encoding.UTF8, "application/json"));
        var chunked = await SendToAsync(route, new ChunkedContent(huge));

        foreach (var response in new[] { announced, chunked })
        {
            var problem = await ShopApi.ValidationProblemAsync(response, "body");
            Assert.Equal("body-too-large", problem.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_a_400_naming_the_content_type()
    {
        var response = await _api.SendRawAsync(HttpMethod.Put, "/users/me", "{\"name\":\"x\"}", shop.Buyer.Token, contentType: "text/plain");

        await ShopApi.ValidationProblemAsync(response, "Content-Type");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x129")]
    public async Task A_missing_or_overlong_idempotency_key_is_a_400_naming_the_header(string? key)
    {
        var value = key == "x129" ? new string('k', 129) : key;

        var response = await _api.PlaceAsync(shop.Buyer.Token, value!, ShopApi.Order("tok_ok", (shop.StockedSku, 1)));

        await ShopApi.ValidationProblemAsync(response, ShopApi.IdempotencyKey);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(128)]
    public async Task Idempotency_keys_of_1_to_128_characters_are_accepted(int length)
    {
        var key = (Guid.NewGuid().ToString("N") + new string('k', 128))[..length];
        var buyer = await _api.NewCustomerAsync("keyed");

        var response = await _api.PlaceAsync(buyer.Token, key, ShopApi.Order("tok_ok", (shop.StockedSku, 1)));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted });
    }

    [Fact]
    public async Task Header_and_body_problems_are_reported_together()
    {
        var response = await _api.SendRawAsync(HttpMethod.Post, "/orders", "{\"items\":[],\"payment\":{}}", shop.Buyer.Token);

        await ShopApi.ValidationProblemAsync(response, ShopApi.IdempotencyKey, "items", "payment.token");
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_problem_details()
    {
        // Secure by default: only a caller with a token learns that a route does not exist.
        await ShopApi.ProblemAsync(await _api.GetAsync("/no/such/route"), HttpStatusCode.Unauthorized);
        await ShopApi.ProblemAsync(await _api.GetAsync("/no/such/route", shop.Buyer.Token), HttpStatusCode.NotFound);
        await ShopApi.ProblemAsync(await _api.SendAsync(HttpMethod.Delete, $"/products/{shop.StockedSku}", token: shop.AdminToken), HttpStatusCode.MethodNotAllowed);
    }

    private static TheoryData<string, string> Cross(string[] routes, params string[] bodies)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in routes)
        {
            foreach (var body in bodies)
            {
                data.Add(route, body);
            }
        }

        return data;
    }

    private Task<HttpResponseMessage> SendToAsync(string route, string body)
        => SendToAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> SendToAsync(string route, HttpContent content)
    {
        var (method, path, token) = route switch
        {
            "register" => (HttpMethod.Post, "/auth/register", null),
            "login" => (HttpMethod.Post, "/auth/login", null),
            "profile" => (HttpMethod.Put, "/users/me", shop.Buyer.Token),
            "product" => (HttpMethod.Put, $"/products/{ShopApi.NewSku("malformed")}", shop.AdminToken),
            "restock" => (HttpMethod.Post, $"/inventory/{shop.StockedSku}/restock", shop.AdminToken),
            "order" => (HttpMethod.Post, "/orders", shop.Buyer.Token),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        var request = new HttpRequestMessage(method, path) { Content = content };
        return _api.SendAsync(request, token, route == "order" ? $"malformed-{Guid.NewGuid():N}" : null);
    }
}
