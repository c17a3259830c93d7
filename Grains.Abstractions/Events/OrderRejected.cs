using Granary.Grains.Orders;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.order-rejected")]
public sealed record OrderRejected(OrderView Order) : OrderEvent(Order);
