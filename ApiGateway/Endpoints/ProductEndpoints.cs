using Granary.ApiGateway.Cluster;
using Granary.ApiGateway.Contracts;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Granary.ApiGateway.Endpoints;

/// <summary><c>/products</c>: catalog reads for anyone, writes for admins.</summary>
internal static class ProductEndpoints
{
    public const int DefaultPageSize = 20;

    public static IEndpointRouteBuilder MapProductApi(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/products").WithTags("Products");
        products.MapPut("/{sku}", PutAsync)
            .RequireAdmin()
            .WithName("PutProduct")
            .WithSummary("Creates (201) or updates (200) a product.")
            .WithProblem(StatusCodes.Status400BadRequest);
        products.MapGet("/{sku}", GetAsync)
            .AllowAnonymous()
            .WithCommonProblems()
            .WithName("GetProduct")
            .WithSummary("A product and the units available to order.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status404NotFound);
        products.MapGet("", SearchAsync)
            .AllowAnonymous()
            .WithCommonProblems()
            .WithName("ListProducts")
            .WithSummary("Products on sale ordered by SKU, optionally filtered by a text search over name and description.")
            .WithProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    public static async Task<Results<Created<ProductResponse>, Ok<ProductResponse>>> PutAsync(
        string sku,
        ProductWriteRequest request,
        GrainCalls calls,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(Sku.IsValid(sku), "sku", $"must be 1–{Sku.MaxLength} characters of A-Z, a-z, 0-9, '-' or '_'");
        errors.Require(request.Price is not null, "price", "is required");
        errors.Require(request.Price is null || request.Price.Amount is not null, "price.amount", "is required");
        errors.ThrowIfAny();

        var details = new ProductDetails(request.Name!, request.Description ?? string.Empty, new Money(request.Price!.Amount!.Value, request.Price.Currency!));
        details.Validate();
        var (upsert, stock) = await calls.RunAsync(
            async grains =>
            {
                var upsert = await grains.GetGrain<IProductGrain>(sku).Upsert(details);
                return (upsert, await grains.GetGrain<IInventoryGrain>(sku).Get());
            },
            cancellationToken);
        var product = ProductResponse.From(upsert.Product, stock.Available);
        return upsert.Created
            ? TypedResults.Created($"/products/{sku}", product)
            : TypedResults.Ok(product);
    }

    public static async Task<Ok<ProductResponse>> GetAsync(string sku, GrainCalls calls, CancellationToken cancellationToken)
    {
        RouteValues.Sku(sku);
        var (product, stock) = await calls.RunAsync(
            async grains =>
            {
                var product = grains.GetGrain<IProductGrain>(sku).Get();
                var stock = grains.GetGrain<IInventoryGrain>(sku).Get();
                return (await product, await stock);
            },
            cancellationToken);
        return product is null
            ? throw new NotFoundException($"No product {sku}.")
            : TypedResults.Ok(ProductResponse.From(product, stock.Available));
    }

    public static async Task<Ok<ProductPageResponse>> SearchAsync(
        [FromQuery] string? query,
        [FromQuery] string? page,
        [FromQuery] string? pageSize,
        GrainCalls calls,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var search = new CatalogQuery(
            string.IsNullOrWhiteSpace(query) ? null : query.Trim(),
            RouteValues.WholeNumber(page, "page", 1, errors),
            RouteValues.WholeNumber(pageSize, "pageSize", DefaultPageSize, errors));
        errors.ThrowIfAny();
        search.Validate();
        var result = await calls.RunAsync(grains => grains.GetGrain<ICatalogGrain>(0).Search(search), cancellationToken);
        return TypedResults.Ok(ProductPageResponse.From(result));
    }
}
