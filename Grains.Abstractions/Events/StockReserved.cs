using Granary.Grains.Inventory;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.stock-reserved")]
public sealed record StockReserved(StockLevel Level, Guid OrderId, int Quantity) : StockEvent(Level);
