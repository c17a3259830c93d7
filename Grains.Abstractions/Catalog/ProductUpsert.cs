namespace Granary.Grains.Catalog;

/// <summary>The product after a write, and whether the write created it.</summary>
[GenerateSerializer, Immutable, Alias("granary.product-upsert")]
public sealed record ProductUpsert(ProductView Product, bool Created);
