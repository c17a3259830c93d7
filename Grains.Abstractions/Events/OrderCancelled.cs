using Granary.Grains.Orders;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.order-cancelled")]
public sealed record OrderCancelled(OrderView Order) : OrderEvent(Order);
