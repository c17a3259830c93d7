using System.Net;
using Granary.ApiGateway.Tests.Hosting;

namespace Granary.ApiGateway.Tests.RateLimiting;

/// <summary>
/// A gateway with small limits in a minute-long window, joined to the shared cluster: each user, and each IP address
/// for callers without a token, get their own budget; past it, 429 problem details with <c>Retry-After</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayCluster shop) : IAsyncLifetime
{
    private const int PerUser = 3;
    private const int PerIp = 4;

    private GatewayFactory _limited = null!;
    private ShopApi _api = null!;

    public async Task InitializeAsync()
    {
        _limited = new GatewayFactory(ShopTestCluster.GatewaySettings(
            shop.Cluster,
            shop.Postgres.ConnectionString,
            ("Gateway:RateLimits:PerUser:PermitLimit", PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Gateway:RateLimits:PerUser:Window", "00:01:00"),
            ("Gateway:RateLimits:PerIp:PermitLimit", PerIp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Gateway:RateLimits:PerIp:Window", "00:01:00")));
        _api = new ShopApi(_limited.CreateClient());
        await _api.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await _limited.DisposeAsync();

    [Fact]
    public async Task Each_user_has_a_budget_of_their_own()
    {
        // Tokens from the shared gateway: every test gateway signs with the same key.
        var first = await shop.Api.NewCustomerAsync("limited");
        var second = await shop.Api.NewCustomerAsync("unlimited");

        for (var i = 0; i < PerUser; i++)
        {
            await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", first.Token), HttpStatusCode.OK);
        }

        var refused = await _api.GetAsync("/users/me", first.Token);

        await AssertTooManyAsync(refused);
        await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", second.Token), HttpStatusCode.OK);
        await ShopApi.ExpectAsync(await _api.GetAsync($"/products/{shop.StockedSku}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Callers_without_a_token_share_their_address_budget_and_probes_are_never_limited()
    {
        for (var i = 0; i < PerIp; i++)
        {
            await ShopApi.ExpectAsync(await _api.GetAsync($"/products/{shop.StockedSku}"), HttpStatusCode.OK);
        }

        await AssertTooManyAsync(await _api.GetAsync("/products"));
        await AssertTooManyAsync(await _api.SendAsync(HttpMethod.Post, "/auth/login", new { email = "someone@shop.test", password = "password-1" }));

        // A valid token counts against its user, not the address.
        await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", shop.Buyer.Token), HttpStatusCode.OK);
        for (var i = 0; i < 3 * PerIp; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/health/ready")).StatusCode);
        }
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        await ShopApi.ProblemAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }
}
