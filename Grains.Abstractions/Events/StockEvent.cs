using Granary.Grains.Inventory;

namespace Granary.Grains.Events;

/// <summary>Stock of one SKU changed; carries the level after the change.</summary>
[GenerateSerializer, Immutable, Alias("granary.stock-event")]
public abstract record StockEvent(StockLevel Level) : ShopEvent;
