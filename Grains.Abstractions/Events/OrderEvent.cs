using Granary.Grains.Orders;

namespace Granary.Grains.Events;

/// <summary>An order changed; carries the order as persisted (its version is <see cref="ShopEvent.SourceVersion"/>).</summary>
[GenerateSerializer, Immutable, Alias("granary.order-event")]
public abstract record OrderEvent(OrderView Order) : ShopEvent;
