namespace Granary.Grains.Catalog;

/// <summary>One page of listing rows and the number of rows that match in all.</summary>
public sealed record CatalogListing(IReadOnlyList<ProductView> Products, long Total);
