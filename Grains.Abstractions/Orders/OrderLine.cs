namespace Granary.Grains.Orders;

/// <summary>One line as the buyer asks for it.</summary>
[GenerateSerializer, Immutable, Alias("granary.order-line")]
public sealed record OrderLine(string Sku, int Quantity)
{
    public const int MaxQuantity = 1000;
}
