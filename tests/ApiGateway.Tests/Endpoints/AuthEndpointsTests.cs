using System.Net;
using Granary.ApiGateway.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Granary.ApiGateway.Tests.Endpoints;

/// <summary><c>POST /auth/register</c> and <c>POST /auth/login</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthEndpointsTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    [Fact]
    public async Task Register_creates_an_account_and_login_issues_a_bearer_token_naming_it()
    {
        var email = $"New.Buyer-{Guid.NewGuid():N}@Shop.Test";
        var response = await _api.SendAsync(HttpMethod.Post, "/auth/register", new { email, password = "password-1", name = "New Buyer" });
        var created = await ShopApi.ExpectAsync(response, HttpStatusCode.Created);
        var userId = created.GetProperty("userId").GetGuid();
        Assert.Equal("/users/me", response.Headers.Location?.OriginalString);

        var login = await ShopApi.ExpectAsync(
            await _api.SendAsync(HttpMethod.Post, "/auth/login", new { email = email.ToUpperInvariant(), password = "password-1" }),
            HttpStatusCode.OK);
        Assert.Equal(3600, login.GetProperty("expiresIn").GetInt32());
        var token = new JsonWebToken(login.GetProperty("accessToken").GetString());
        Assert.Equal(userId.ToString(), token.Subject);
        Assert.Equal(email, token.GetClaim("email").Value);
        Assert.DoesNotContain(token.Claims, claim => claim.Type == "role");
        Assert.Equal("HS256", token.Alg);
        Assert.True(token.ValidTo > DateTime.UtcNow.AddMinutes(50));
    }

    [Fact]
    public async Task The_admin_token_carries_the_admin_role()
    {
        var token = new JsonWebToken(await _api.AdminTokenAsync());

        Assert.Contains(token.Claims, claim => claim.Type == "role" && claim.Value == "admin");
    }

    [Fact]
    public async Task A_taken_email_is_a_409_whatever_its_case()
    {
        var email = $"taken-{Guid.NewGuid():N}@shop.test";
        await _api.RegisterAsync(email);

        var again = await _api.SendAsync(HttpMethod.Post, "/auth/register", new { email = "  " + email.ToUpperInvariant(), password = "password-2", name = "Other" });

        var problem = await ShopApi.ProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("email-taken", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Registration_refuses_bad_input_naming_every_field()
    {
        var response = await _api.SendAsync(HttpMethod.Post, "/auth/register", new { email = "not-an-email", password = "short", name = "" });

        await ShopApi.ValidationProblemAsync(response, "email", "password", "name");
    }

    [Fact]
    public async Task Registration_without_fields_names_each_missing_one()
        => await ShopApi.ValidationProblemAsync(await _api.SendRawAsync(HttpMethod.Post, "/auth/register", "{}"), "email", "password", "name");

    [Theory]
    [InlineData("wrong-password")]
    [InlineData("password-1 ")]
    public async Task A_wrong_password_is_a_401(string password)
    {
        var email = $"login-{Guid.NewGuid():N}@shop.test";
        await _api.RegisterAsync(email);

        var response = await _api.SendAsync(HttpMethod.Post, "/auth/login", new { email, password });

        await ShopApi.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("nobody-at-all@shop.test")]
    [InlineData("not an email")]
    [InlineData("x' OR '1'='1")]
    public async Task An_unknown_or_malformed_email_is_a_401_like_a_wrong_password(string email)
        => await ShopApi.ProblemAsync(await _api.SendAsync(HttpMethod.Post, "/auth/login", new { email, password = "password-1" }), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Login_without_credentials_is_a_400_naming_them()
        => await ShopApi.ValidationProblemAsync(await _api.SendRawAsync(HttpMethod.Post, "/auth/login", "{}"), "email", "password");
}
