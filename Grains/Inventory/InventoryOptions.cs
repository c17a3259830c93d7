namespace Granary.Grains.Inventory;

/// <summary>Stock rules (<c>Granary:Inventory</c>).</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Granary:Inventory";

    /// <summary>A <see cref="Events.StockLow"/> event is published when available units fall below this.</summary>
    public int LowStockThreshold { get; set; } = 10;

    /// <summary>
    /// How long a released or returned order is remembered, so a late or repeated request for it changes nothing.
    /// Far longer than any call can be in flight (Orleans drops a request once its response timeout passed).
    /// </summary>
    public TimeSpan SettledRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The most units one restock may add.</summary>
    public const int MaxRestock = 1_000_000;
}
