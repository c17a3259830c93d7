using Granary.Grains.Catalog;

namespace Granary.Grains.Events;

/// <summary>A catalog entry was created, updated or discontinued; carries the entry as persisted.</summary>
[GenerateSerializer, Immutable, Alias("granary.product-changed")]
public sealed record ProductChanged(ProductView Product) : ShopEvent;
