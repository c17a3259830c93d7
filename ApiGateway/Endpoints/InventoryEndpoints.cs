using Granary.ApiGateway.Cluster;
using Granary.ApiGateway.Contracts;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Granary.ApiGateway.Endpoints;

/// <summary><c>/inventory</c>: stock levels and restocking, for admins.</summary>
internal static class InventoryEndpoints
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder routes)
    {
        var inventory = routes.MapGroup("/inventory").WithTags("Inventory").RequireAdmin();
        inventory.MapPost("/{sku}/restock", RestockAsync)
            .WithName("Restock")
            .WithSummary("Adds units to a product's stock.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status404NotFound);
        inventory.MapGet("/{sku}", GetAsync)
            .WithName("GetStock")
            .WithSummary("A product's units on hand, reserved by open orders, and available.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Ok<StockResponse>> RestockAsync(string sku, RestockRequest request, GrainCalls calls, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(Sku.IsValid(sku), "sku", $"must be 1–{Sku.MaxLength} characters of A-Z, a-z, 0-9, '-' or '_'");
        errors.Require(request.Quantity is > 0, "quantity", "is required and must be greater than 0");
        errors.ThrowIfAny();
        try
        {
            var level = await calls.RunAsync(grains => grains.GetGrain<IInventoryGrain>(sku).Restock(request.Quantity!.Value), cancellationToken);
            return TypedResults.Ok(StockResponse.From(level));
        }
        catch (UnknownSkuException)
        {
            // API.md: restocking an unknown SKU is a 404 (placing an order for one is a 422).
            throw new NotFoundException($"No product {sku}.");
        }
    }

    public static async Task<Ok<StockResponse>> GetAsync(string sku, GrainCalls calls, CancellationToken cancellationToken)
    {
        RouteValues.Sku(sku);
        var (product, level) = await calls.RunAsync(
            async grains =>
            {
                var product = grains.GetGrain<IProductGrain>(sku).Get();
                var level = grains.GetGrain<IInventoryGrain>(sku).Get();
                return (await product, await level);
            },
            cancellationToken);
        return product is null
            ? throw new NotFoundException($"No product {sku}.")
            : TypedResults.Ok(StockResponse.From(level));
    }
}
