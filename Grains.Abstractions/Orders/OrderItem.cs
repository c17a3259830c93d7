using Granary.Grains.Common;

namespace Granary.Grains.Orders;

/// <summary>An order line with the unit price fixed when the order was accepted.</summary>
[GenerateSerializer, Immutable, Alias("granary.order-item")]
public sealed record OrderItem(string Sku, int Quantity, Money UnitPrice);
