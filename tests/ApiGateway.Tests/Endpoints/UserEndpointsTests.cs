using System.Net;
using System.Text.Json;
using Granary.ApiGateway.Tests.Hosting;
using Granary.Silo.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Endpoints;

/// <summary><c>/users/me</c>: the caller's profile and notifications.</summary>
[Collection(GatewayCollection.Name)]
public sealed class UserEndpointsTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    [Fact]
    public async Task The_profile_is_read_and_changed_by_its_owner()
    {
        var buyer = await _api.NewCustomerAsync("profile");

        var profile = await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", buyer.Token), HttpStatusCode.OK);
        Assert.Equal(buyer.UserId, profile.GetProperty("userId").GetGuid());
        Assert.Equal(buyer.Email, profile.GetProperty("email").GetString());
        Assert.Equal("Test Buyer", profile.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("address").ValueKind);
        var createdAt = profile.GetProperty("createdAt").GetString()!;
        Assert.EndsWith("Z", createdAt, StringComparison.Ordinal);
        Assert.InRange(DateTime.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(1));

        var changed = await ShopApi.ExpectAsync(
            await _api.SendAsync(HttpMethod.Put, "/users/me", new { name = "  Ada Lovelace ", address = "12 Analytical Row, London" }, buyer.Token),
            HttpStatusCode.OK);
        Assert.Equal("Ada Lovelace", changed.GetProperty("name").GetString());
        Assert.Equal("12 Analytical Row, London", changed.GetProperty("address").GetString());
        Assert.Equal(buyer.Email, changed.GetProperty("email").GetString());

        var cleared = await ShopApi.ExpectAsync(await _api.SendAsync(HttpMethod.Put, "/users/me", new { name = "Ada" }, buyer.Token), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("address").ValueKind);
        var reread = await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", buyer.Token), HttpStatusCode.OK);
        Assert.Equal("Ada", reread.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_bad_profile_is_a_400_naming_the_fields()
    {
        var buyer = await _api.NewCustomerAsync("bad-profile");

        await ShopApi.ValidationProblemAsync(await _api.SendAsync(HttpMethod.Put, "/users/me", new { name = "" }, buyer.Token), "name");
        await ShopApi.ValidationProblemAsync(
            await _api.SendAsync(HttpMethod.Put, "/users/me", new { name = new string('n', 101), address = new string('a', 501) }, buyer.Token),
            "name",
            "address");
        var unchanged = await ShopApi.ExpectAsync(await _api.GetAsync("/users/me", buyer.Token), HttpStatusCode.OK);
        Assert.Equal("Test Buyer", unchanged.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Notifications_of_the_callers_orders_arrive_newest_first()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "notify", stock: 5);
        var buyer = await _api.NewCustomerAsync("notified");
        var confirmed = (await _api.PlaceFinalAsync(buyer.Token, "notify-1", ShopApi.Order("tok_ok", (sku, 1)))).GetProperty("orderId").GetGuid();
        var declined = (await _api.PlaceFinalAsync(buyer.Token, "notify-2", ShopApi.Order("tok_decline", (sku, 1)))).GetProperty("orderId").GetGuid();

        JsonElement notifications = default;
        await Eventually.SucceedsAsync(
            async () =>
            {
                notifications = await ShopApi.ExpectAsync(await _api.GetAsync("/users/me/notifications", buyer.Token), HttpStatusCode.OK);
                return notifications.GetArrayLength() >= 2;
            },
            "a notification for each of the two orders");

        var items = notifications.EnumerateArray().ToList();
        Assert.Equal(["payment-failed", "order-confirmed"], items.Select(n => n.GetProperty("kind").GetString()));
        Assert.Equal([declined, confirmed], items.Select(n => n.GetProperty("orderId").GetGuid()));
        Assert.All(items, n =>
        {
            Assert.NotEqual(Guid.Empty, n.GetProperty("id").GetGuid());
            Assert.False(string.IsNullOrEmpty(n.GetProperty("message").GetString()));
            Assert.EndsWith("Z", n.GetProperty("at").GetString(), StringComparison.Ordinal);
        });
        var times = items.Select(n => n.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);

        // Nobody else's.
        var other = await _api.NewCustomerAsync("not-notified");
        var none = await ShopApi.ExpectAsync(await _api.GetAsync("/users/me/notifications", other.Token), HttpStatusCode.OK);
        Assert.Equal(0, none.GetArrayLength());
    }
}
