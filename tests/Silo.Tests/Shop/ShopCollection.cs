namespace Granary.Silo.Tests.Shop;

/// <summary>Test classes sharing the <see cref="ShopCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopCluster>
{
    public const string Name = "Shop cluster";
}
