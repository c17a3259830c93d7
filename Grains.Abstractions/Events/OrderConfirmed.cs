using Granary.Grains.Orders;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.order-confirmed")]
public sealed record OrderConfirmed(OrderView Order) : OrderEvent(Order);
