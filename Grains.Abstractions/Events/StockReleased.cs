using Granary.Grains.Inventory;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.stock-released")]
public sealed record StockReleased(StockLevel Level, Guid OrderId, int Quantity) : StockEvent(Level);
