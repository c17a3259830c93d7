using System.Security.Claims;
using Granary.ApiGateway.Cluster;
using Granary.ApiGateway.Contracts;
using Granary.ApiGateway.Security;
using Granary.Grains.Errors;
using Granary.Grains.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Granary.ApiGateway.Endpoints;

/// <summary><c>/orders</c>: placing (idempotent by <c>Idempotency-Key</c>), reading and cancelling the caller's own orders.</summary>
internal static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapOrderApi(this IEndpointRouteBuilder routes)
    {
        var orders = routes.MapGroup("/orders").WithTags("Orders").RequireUser();
        orders.MapPost("", PlaceAsync)
            .WithName("PlaceOrder")
            .WithSummary("Places an order: 201 once it reached its final state, 202 while its saga still runs (poll Location).")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status409Conflict)
            .WithProblem(StatusCodes.Status422UnprocessableEntity);
        orders.MapGet("", ListAsync)
            .WithName("ListMyOrders")
            .WithSummary("The caller's orders, newest first.");
        orders.MapGet("/{orderId}", GetAsync)
            .WithName("GetOrder")
            .WithSummary("One of the caller's orders (another user's order is not found).")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{orderId}/cancel", CancelAsync)
            .WithName("CancelOrder")
            .WithSummary("Cancels one of the caller's orders: stock given back, payment refunded once.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status404NotFound)
            .WithProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    public static async Task<Results<Created<OrderResponse>, Accepted<OrderResponse>>> PlaceAsync(
        PlaceOrderRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal user,
        OrderPlacement placement,
        CancellationToken cancellationToken)
    {
        var command = new PlaceOrder(
            user.UserId(),
            idempotencyKey ?? string.Empty,
            request.Items is null ? default : [.. request.Items.Select(line => line is null ? null! : new OrderLine(line.Sku!, line.Quantity ?? 0))],
            request.Payment?.Token!);
        Validate(command, idempotencyKey);

        var order = OrderResponse.From(await placement.PlaceAsync(command, cancellationToken));
        var location = $"/orders/{order.OrderId}";
        return order.Status == OrderStatus.Pending
            ? TypedResults.Accepted(location, order)
            : TypedResults.Created(location, order);
    }

    public static async Task<Ok<OrderResponse[]>> ListAsync(ClaimsPrincipal user, GrainCalls calls, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var orders = await calls.RunAsync(grains => grains.GetGrain<IUserOrdersGrain>(userId).List(), cancellationToken);
        return TypedResults.Ok(orders.Select(OrderResponse.From).ToArray());
    }

    public static async Task<Ok<OrderResponse>> GetAsync(string orderId, ClaimsPrincipal user, GrainCalls calls, CancellationToken cancellationToken)
    {
        var id = RouteValues.OrderId(orderId);
        var userId = user.UserId();
        var order = await calls.RunAsync(grains => grains.GetGrain<IOrderGrain>(id).Get(), cancellationToken);
        // Another user's order is answered exactly like one that does not exist.
        return order is not null && order.UserId == userId
            ? TypedResults.Ok(OrderResponse.From(order))
            : throw new NotFoundException($"No order {id}.");
    }

    public static async Task<Ok<OrderResponse>> CancelAsync(string orderId, ClaimsPrincipal user, GrainCalls calls, CancellationToken cancellationToken)
    {
        var id = RouteValues.OrderId(orderId);
        var userId = user.UserId();
        // The grain refuses (not found) anyone but the buyer.
        var order = await calls.RunAsync(grains => grains.GetGrain<IOrderGrain>(id).Cancel(userId), cancellationToken);
        return TypedResults.Ok(OrderResponse.From(order));
    }

    // The header's and the body's problems are reported together.
    private static void Validate(PlaceOrder command, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(idempotencyKey))
        {
            errors[IdempotencyKeyHeader] = ["is required: 1–128 characters naming this request"];
        }
        else if (idempotencyKey.Length > PlaceOrder.MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl))
        {
            errors[IdempotencyKeyHeader] = [$"must be 1–{PlaceOrder.MaxIdempotencyKeyLength} characters without control characters"];
        }

        try
        {
            command.Validate();
        }
        catch (ValidationFailedException invalid)
        {
            foreach (var (field, messages) in invalid.Errors.Where(e => e.Key != "idempotencyKey"))
            {
                errors[field] = messages;
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}
