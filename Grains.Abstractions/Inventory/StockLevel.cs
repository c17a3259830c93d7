namespace Granary.Grains.Inventory;

/// <summary>Units of one SKU: on hand, reserved by open orders, and what is left to order.</summary>
[GenerateSerializer, Immutable, Alias("granary.stock-level")]
public sealed record StockLevel(string Sku, int OnHand, int Reserved)
{
    public int Available => OnHand - Reserved;
}
