using Granary.ApiGateway.Endpoints;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Granary.ApiGateway.OpenApi;

/// <summary>
/// What the generator cannot see: which operations need the bearer token, and the rules of the values the handlers
/// check themselves (bound as text so a bad one is answered with the field's name): SKU and order id route values,
/// paging numbers, the <c>Idempotency-Key</c> header.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = needsToken
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(GatewayOpenApi.BearerScheme, context.Document)] = [] }]
            : [];

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            Describe(parameter);
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiParameter parameter)
    {
        switch (parameter.In, parameter.Name)
        {
            case (ParameterLocation.Path, "sku"):
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MinLength = 1,
                    MaxLength = Sku.MaxLength,
                    Pattern = "^[A-Za-z0-9_-]+$",
                };
                break;
            case (ParameterLocation.Path, "orderId"):
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
                break;
            case (ParameterLocation.Query, "page"):
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = 1 };
                break;
            case (ParameterLocation.Query, "pageSize"):
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Maximum = CatalogQuery.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = ProductEndpoints.DefaultPageSize,
                };
                break;
            case (ParameterLocation.Query, "query"):
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = CatalogQuery.MaxTextLength };
                parameter.Description = "Case-insensitive text searched in names and descriptions.";
                break;
            case (ParameterLocation.Header, OrderEndpoints.IdempotencyKeyHeader):
                parameter.Required = true;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = PlaceOrder.MaxIdempotencyKeyLength };
                parameter.Description = "Names this request: the same key and body give the same order (charged once); the same key with another body is a 409.";
                break;
        }
    }
}
