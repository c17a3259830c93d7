using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Granary.Grains.Orders;

namespace Granary.ApiGateway.Contracts;

public sealed record PlaceOrderRequest(
    [property: Required, Description("1 to 100 lines.")] IReadOnlyList<OrderLineRequest?>? Items,
    [property: Required] PaymentRequest? Payment);

public sealed record OrderLineRequest(
    [property: Required] string? Sku,
    [property: Required, Description("1 to 1000.")] int? Quantity);

public sealed record PaymentRequest(
    [property: Required, Description("tok_ok (or any other) pays, tok_decline is declined, tok_slow answers late.")] string? Token);

public sealed record OrderResponse(
    Guid OrderId,
    Guid UserId,
    OrderStatus Status,
    IReadOnlyList<OrderItemResponse> Items,
    MoneyResponse Total,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: Description("Why the order was rejected, failed or cancelled.")] string? Reason)
{
    public static OrderResponse From(OrderView order) => new(
        order.OrderId,
        order.UserId,
        order.Status,
        [.. order.Items.Select(item => new OrderItemResponse(item.Sku, item.Quantity, MoneyResponse.From(item.UnitPrice)))],
        MoneyResponse.From(order.Total),
        order.CreatedAt.UtcDateTime,
        order.UpdatedAt.UtcDateTime,
        order.Reason);
}

public sealed record OrderItemResponse(string Sku, int Quantity, MoneyResponse UnitPrice);
