namespace Granary.ApiGateway.OpenApi;

/// <summary>The OpenAPI document of every route at <c>/openapi/v1.json</c> (ASP.NET's generator plus the transformers here).</summary>
internal static class GatewayOpenApi
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
        => services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
        });
}
