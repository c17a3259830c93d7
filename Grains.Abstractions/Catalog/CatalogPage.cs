using System.Collections.Immutable;

namespace Granary.Grains.Catalog;

/// <summary>One page of the listing (products ordered by SKU) and how many products match in all.</summary>
[GenerateSerializer, Immutable, Alias("granary.catalog-page")]
public sealed record CatalogPage(ImmutableArray<CatalogItem> Items, int Page, int PageSize, long Total);
