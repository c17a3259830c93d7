using Granary.Grains.Inventory;

namespace Granary.Grains.Events;

/// <summary>Units on hand changed: a restock, a committed order, or a returned one.</summary>
[GenerateSerializer, Immutable, Alias("granary.stock-changed")]
public sealed record StockChanged(StockLevel Level, int Delta, Guid? OrderId) : StockEvent(Level);
