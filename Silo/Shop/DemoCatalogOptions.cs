namespace Granary.Silo.Shop;

/// <summary>A demo catalog created at start-up when <see cref="Products"/> is above 0 (<c>Granary:Demo</c>).</summary>
public sealed class DemoCatalogOptions
{
    public const string SectionName = "Granary:Demo";

    /// <summary>How many demo products (<c>DEMO-0001</c>…) to create; 0 creates none.</summary>
    public int Products { get; set; }

    /// <summary>Units put on hand for each demo product when it is created.</summary>
    public int Stock { get; set; } = 100;

    public string Currency { get; set; } = "USD";
}
