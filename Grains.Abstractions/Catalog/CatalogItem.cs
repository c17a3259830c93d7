using Granary.Grains.Common;

namespace Granary.Grains.Catalog;

/// <summary>A product as listed: its details and the units available to order.</summary>
[GenerateSerializer, Immutable, Alias("granary.catalog-item")]
public sealed record CatalogItem(string Sku, string Name, string Description, Money Price, int Available);
