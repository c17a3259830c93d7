using System.Net;
using Granary.ApiGateway.Tests.Hosting;
using Microsoft.OpenApi;

namespace Granary.ApiGateway.Tests.Health;

/// <summary>The operations routes: health probes and the OpenAPI document.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HealthAndOpenApiTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    [Fact]
    public async Task Live_and_ready_answer_200_while_the_cluster_answers()
    {
        var live = await ShopApi.ExpectAsync(await _api.GetAsync("/health/live"), HttpStatusCode.OK);
        var ready = await ShopApi.ExpectAsync(await _api.GetAsync("/health/ready"), HttpStatusCode.OK);

        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var check = Assert.Single(ready.GetProperty("checks").EnumerateArray());
        Assert.Equal("cluster", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
    }

    /// <summary>Every route of shared/API.md this part delivers, with the status codes it names (and 401/403/429/503 where they apply).</summary>
    public static readonly TheoryData<string, string, int[]> Operations = new()
    {
        { "POST", "/auth/register", [201, 400, 409, 429, 503] },
        { "POST", "/auth/login", [200, 400, 401, 429, 503] },
        { "GET", "/users/me", [200, 401, 429, 503] },
        { "PUT", "/users/me", [200, 400, 401, 429, 503] },
        { "GET", "/users/me/notifications", [200, 401, 429, 503] },
        { "PUT", "/products/{sku}", [200, 201, 400, 401, 403, 429, 503] },
        { "GET", "/products/{sku}", [200, 400, 404, 429, 503] },
        { "GET", "/products", [200, 400, 429, 503] },
        { "POST", "/inventory/{sku}/restock", [200, 400, 401, 403, 404, 429, 503] },
        { "GET", "/inventory/{sku}", [200, 401, 403, 404, 429, 503] },
        { "POST", "/orders", [201, 202, 400, 401, 409, 422, 429, 503] },
        { "GET", "/orders", [200, 401, 429, 503] },
        { "GET", "/orders/{orderId}", [200, 401, 404, 429, 503] },
        { "POST", "/orders/{orderId}/cancel", [200, 401, 404, 409, 429, 503] },
        { "GET", "/health/live", [200] },
        { "GET", "/health/ready", [200, 503] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task The_openapi_document_describes_each_route_with_its_status_codes(string method, string path, int[] statusCodes)
    {
        var document = await ReadDocumentAsync();

        Assert.True(document.Paths.TryGetValue(path, out var item), $"{path} is not in the document");
        var operation = Assert.Single(item!.Operations!, o => o.Key.Method == method).Value;
        Assert.False(string.IsNullOrEmpty(operation.OperationId));
        foreach (var status in statusCodes)
        {
            Assert.True(operation.Responses!.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response), $"{method} {path} does not declare {status}");
            Assert.NotNull(response!.Content);
            if (status >= 400 && path.StartsWith("/health", StringComparison.Ordinal) is false)
            {
                Assert.Contains("application/problem+json", response.Content!.Keys);
            }
        }

        var protectedRoute = statusCodes.Contains(401) && path != "/auth/login";
        Assert.Equal(protectedRoute, operation.Security is { Count: > 0 });
    }

    [Fact]
    public async Task The_openapi_document_is_valid_openapi_3()
    {
        var text = await (await _api.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        var result = OpenApiDocument.Parse(text, "json");

        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic!.Errors);
        Assert.StartsWith("3.", text[(text.IndexOf("\"openapi\"", StringComparison.Ordinal) + 9)..].Trim().TrimStart(':').Trim().Trim('"'), StringComparison.Ordinal);
        var errors = result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet());
        Assert.Empty(errors!);
        Assert.Contains("Bearer", result.Document.Components!.SecuritySchemes!.Keys);
        Assert.Contains("HttpValidationProblemDetails", result.Document.Components.Schemas!.Keys);
        Assert.Contains("ProblemDetails", result.Document.Components.Schemas.Keys);
    }

    private async Task<OpenApiDocument> ReadDocumentAsync()
    {
        var response = await _api.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), "json");
        return result.Document!;
    }
}
