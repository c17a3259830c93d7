using Granary.Grains.Orders;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.order-placed")]
public sealed record OrderPlaced(OrderView Order) : OrderEvent(Order);
