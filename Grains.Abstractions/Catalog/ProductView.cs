using Granary.Grains.Common;

namespace Granary.Grains.Catalog;

/// <summary>A catalog entry; <see cref="Version"/> counts its changes (read models keep the highest they saw).</summary>
[GenerateSerializer, Immutable, Alias("granary.product-view")]
public sealed record ProductView(string Sku, string Name, string Description, Money Price, bool Discontinued, long Version, DateTimeOffset UpdatedAt);
