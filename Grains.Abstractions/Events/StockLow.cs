using Granary.Grains.Inventory;

namespace Granary.Grains.Events;

/// <summary>Available units fell below <see cref="Threshold"/>.</summary>
[GenerateSerializer, Immutable, Alias("granary.stock-low")]
public sealed record StockLow(StockLevel Level, int Threshold) : StockEvent(Level);
