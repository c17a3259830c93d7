using Granary.Grains.Orders;

namespace Granary.Benchmarks.Shop;

/// <summary>Thrown to the load loop for an order that ended in another state, so it counts as a failed call, not as throughput.</summary>
internal sealed class OrderNotConfirmedException(OrderView order)
    : Exception($"Order {order.OrderId} ended {order.Status}: {order.Reason}")
{
    public OrderView Order { get; } = order;
}
