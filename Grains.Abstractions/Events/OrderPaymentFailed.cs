using Granary.Grains.Orders;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.order-payment-failed")]
public sealed record OrderPaymentFailed(OrderView Order) : OrderEvent(Order);
