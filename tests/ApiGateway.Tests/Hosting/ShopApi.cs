using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Granary.Silo.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>What the tests do over HTTP, in the API's terms (shared/API.md).</summary>
public sealed class ShopApi(HttpClient http)
{
    public const string IdempotencyKey = "Idempotency-Key";

    public HttpClient Http => http;

    /// <summary>A SKU nobody else uses: tests share one cluster.</summary>
    public static string NewSku(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return SendAsync(request, token, idempotencyKey);
    }

    /// <summary>Sends <paramref name="content"/> as it is (malformed JSON, wrong types...).</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string content, string? token = null, string? idempotencyKey = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(content, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(request, token, idempotencyKey);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? token = null, string? idempotencyKey = null)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKey, idempotencyKey);
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token: token);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"{(int)response.StatusCode} with an empty body");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status} {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await JsonAsync(response);
    }

    /// <summary>Asserts RFC 9457 problem details with this status; returns them.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming each of <paramref name="fields"/> in <c>errors</c>.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
            Assert.True(messages.GetArrayLength() > 0);
        }

        return problem;
    }

    public async Task WaitUntilReadyAsync()
        => await Eventually.SucceedsAsync(async () => (await GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the gateway to be ready");

    public async Task<Guid> RegisterAsync(string email, string password = "password-1", string name = "Test Buyer")
    {
        var body = await ExpectAsync(await SendAsync(HttpMethod.Post, "/auth/register", new { email, password, name }), HttpStatusCode.Created);
        return body.GetProperty("userId").GetGuid();
    }

    public async Task<string> LoginAsync(string email, string password = "password-1")
    {
        var body = await ExpectAsync(await SendAsync(HttpMethod.Post, "/auth/login", new { email, password }), HttpStatusCode.OK);
        return body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>A new customer account, logged in.</summary>
    public async Task<Customer> NewCustomerAsync(string prefix = "buyer")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@shop.test";
        var id = await RegisterAsync(email);
        return new Customer(id, email, await LoginAsync(email));
    }

    public Task<string> AdminTokenAsync() => LoginAsync(ShopTestCluster.AdminEmail, ShopTestCluster.AdminPassword);

    /// <summary>A new product (as the admin) with <paramref name="stock"/> units; returns its SKU.</summary>
    public async Task<string> NewProductAsync(string admin, string prefix, long price = 1_000, int stock = 10, string? name = null)
    {
        var sku = NewSku(prefix);
        var product = new { name = name ?? $"Product {prefix}", description = "Made by a gateway test.", price = new { amount = price, currency = "USD" } };
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/products/{sku}", product, admin), HttpStatusCode.Created);
        if (stock > 0)
        {
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/inventory/{sku}/restock", new { quantity = stock }, admin), HttpStatusCode.OK);
        }

        return sku;
    }

    public static object Order(string paymentToken, params (string Sku, int Quantity)[] lines)
        => new { items = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray(), payment = new { token = paymentToken } };

    public Task<HttpResponseMessage> PlaceAsync(string token, string key, object order) => SendAsync(HttpMethod.Post, "/orders", order, token, key);

    /// <summary>Places an order and waits for its final state (polling its Location after a 202); returns the order.</summary>
    public async Task<JsonElement> PlaceFinalAsync(string token, string key, object order)
    {
        var response = await PlaceAsync(token, key, order);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return await ExpectAsync(response, HttpStatusCode.Created);
        }

        var pending = await ExpectAsync(response, HttpStatusCode.Accepted);
        return await FinalAsync(token, pending.GetProperty("orderId").GetGuid());
    }

    /// <summary>Polls <c>GET /orders/{id}</c> until the order has left Pending.</summary>
    public async Task<JsonElement> FinalAsync(string token, Guid orderId)
    {
        JsonElement order = default;
        await Eventually.SucceedsAsync(
            async () =>
            {
                order = await ExpectAsync(await GetAsync($"/orders/{orderId}", token), HttpStatusCode.OK);
                return order.GetProperty("status").GetString() != "Pending";
            },
            $"order {orderId} to reach a final state");
        return order;
    }
}

/// <summary>A logged-in customer.</summary>
public sealed record Customer(Guid UserId, string Email, string Token);
