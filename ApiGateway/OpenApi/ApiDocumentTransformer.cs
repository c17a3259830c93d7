using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Granary.ApiGateway.OpenApi;

/// <summary>The document's title and the bearer token scheme the protected operations name.</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Granary API",
            Version = "v1",
            Description = "The shop's HTTP API: accounts, catalog, inventory and orders. Errors are RFC 9457 problem details.",
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[GatewayOpenApi.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken of POST /auth/login.",
        };
        return Task.CompletedTask;
    }
}
