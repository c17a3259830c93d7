using System.Net;
using System.Security.Claims;
using System.Text;
using Granary.ApiGateway.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Granary.ApiGateway.Tests.Security;

/// <summary>
/// Every route against every kind of caller: anonymous, a forged or expired token, the customer who owns the data, another
/// customer, the admin. Anonymous routes answer anyone; the rest need a valid token; admin routes the admin role; an
/// order is its buyer's alone (anyone else, the admin included, is told it does not exist).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthorizationMatrixTests(GatewayCluster shop)
{
    public enum Caller
    {
        Anonymous,
        ForgedToken,
        ExpiredToken,
        Owner,
        OtherCustomer,
        Admin,
    }

    private enum Access
    {
        Public,
        User,
        Admin,
        Owned,
    }

    private sealed record World(string Sku, Customer Owner, Customer Other, string AdminToken, Guid OrderId);

    private sealed record Route(string Name, HttpMethod Method, Access Access, Func<World, string> Path, Func<World, object?>? Body = null, bool Keyed = false);

    private static readonly Route[] Routes =
    [
        new("GET /products/{sku}", HttpMethod.Get, Access.Public, w => $"/products/{w.Sku}"),
        new("GET /products", HttpMethod.Get, Access.Public, _ => "/products?pageSize=1"),
        new("GET /health/live", HttpMethod.Get, Access.Public, _ => "/health/live"),
        new("GET /health/ready", HttpMethod.Get, Access.Public, _ => "/health/ready"),
        new("GET /openapi/v1.json", HttpMethod.Get, Access.Public, _ => "/openapi/v1.json"),
        new("GET /users/me", HttpMethod.Get, Access.User, _ => "/users/me"),
        new("PUT /users/me", HttpMethod.Put, Access.User, _ => "/users/me", _ => new { name = "Renamed" }),
        new("GET /users/me/notifications", HttpMethod.Get, Access.User, _ => "/users/me/notifications"),
        new("POST /orders", HttpMethod.Post, Access.User, _ => "/orders", w => ShopApi.Order("tok_ok", (w.Sku, 1)), Keyed: true),
        new("GET /orders", HttpMethod.Get, Access.User, _ => "/orders"),
        new("GET /orders/{id}", HttpMethod.Get, Access.Owned, w => $"/orders/{w.OrderId}"),
        new("POST /orders/{id}/cancel", HttpMethod.Post, Access.Owned, w => $"/orders/{w.OrderId}/cancel"),
        new("PUT /products/{sku}", HttpMethod.Put, Access.Admin, w => $"/products/{w.Sku}", _ => new { name = "Matrix", price = new { amount = 100, currency = "USD" } }),
        new("POST /inventory/{sku}/restock", HttpMethod.Post, Access.Admin, w => $"/inventory/{w.Sku}/restock", _ => new { quantity = 1 }),
        new("GET /inventory/{sku}", HttpMethod.Get, Access.Admin, w => $"/inventory/{w.Sku}"),
    ];

    [Theory]
    [InlineData(Caller.Anonymous)]
    [InlineData(Caller.ForgedToken)]
    [InlineData(Caller.ExpiredToken)]
    [InlineData(Caller.Owner)]
    [InlineData(Caller.OtherCustomer)]
    [InlineData(Caller.Admin)]
    public async Task Every_route_answers_each_kind_of_caller_as_it_should(Caller caller)
    {
        var api = shop.Api;
        var world = await NewWorldAsync(api);
        var token = TokenOf(caller, world);
        var mismatches = new List<string>();

        foreach (var route in Routes)
        {
            var request = new HttpRequestMessage(route.Method, route.Path(world));
            if (route.Body?.Invoke(world) is { } body)
            {
                request.Content = System.Net.Http.Json.JsonContent.Create(body);
            }

            var response = await api.SendAsync(request, token, route.Keyed ? $"matrix-{Guid.NewGuid():N}" : null);
            var expected = Expected(caller, route.Access);
            if (!expected.Contains(response.StatusCode))
            {
                mismatches.Add($"{route.Name}: {(int)response.StatusCode}, expected {string.Join(" or ", expected.Select(s => (int)s))}: {await response.Content.ReadAsStringAsync()}");
            }
            else if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Assert.Contains(response.Headers.WwwAuthenticate, header => header.Scheme == "Bearer");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static HttpStatusCode[] Expected(Caller caller, Access access)
    {
        HttpStatusCode[] ok = [HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Accepted];
        return (caller, access) switch
        {
            (_, Access.Public) => ok,
            (Caller.Anonymous or Caller.ForgedToken or Caller.ExpiredToken, _) => [HttpStatusCode.Unauthorized],
            (Caller.Owner or Caller.OtherCustomer, Access.Admin) => [HttpStatusCode.Forbidden],
            (Caller.OtherCustomer or Caller.Admin, Access.Owned) => [HttpStatusCode.NotFound],
            _ => ok,
        };
    }

    private static string? TokenOf(Caller caller, World world) => caller switch
    {
        Caller.Anonymous => null,
        // The owner's id and the admin role, signed with a key the gateway does not know.
        Caller.ForgedToken => Sign("an-attackers-own-signing-key-0123456789abcdef", world.Owner.UserId, DateTime.UtcNow.AddHours(1)),
        // The gateway's own key, expired well past the allowed clock skew.
        Caller.ExpiredToken => Sign(GatewayFactory.SigningKey, world.Owner.UserId, DateTime.UtcNow.AddMinutes(-10)),
        Caller.Owner => world.Owner.Token,
        Caller.OtherCustomer => world.Other.Token,
        Caller.Admin => world.AdminToken,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    private static string Sign(string key, Guid userId, DateTime expires)
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "granary",
            Audience = "granary-api",
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("role", "admin")]),
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

    private static async Task<World> NewWorldAsync(ShopApi api)
    {
        var admin = await api.AdminTokenAsync();
        var sku = await api.NewProductAsync(admin, "matrix", stock: 100);
        var owner = await api.NewCustomerAsync("owner");
        var other = await api.NewCustomerAsync("other");
        var order = await api.PlaceFinalAsync(owner.Token, "owned", ShopApi.Order("tok_ok", (sku, 1)));
        return new World(sku, owner, other, admin, order.GetProperty("orderId").GetGuid());
    }
}
