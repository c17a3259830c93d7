using Granary.Grains.Common;

namespace Granary.Grains.Events;

/// <summary>Where each event is published (stream namespace and key) on <see cref="Streams.StreamProvider.Name"/>.</summary>
public static class ShopStreams
{
    /// <summary>Order and payment events, one stream per buyer (key: user id), so a user's events stay in order.</summary>
    public const string UserEvents = "user-events";

    /// <summary>Stock events, one stream per SKU (key: the SKU).</summary>
    public const string Inventory = "inventory";

    /// <summary>Product events, in <see cref="CatalogPartitions"/> streams (key: <see cref="CatalogPartition"/>).</summary>
    public const string Catalog = "catalog";

    public const int CatalogPartitions = 16;

    /// <summary>A SKU's catalog stream key: a stable hash (FNV-1a), so one SKU's events always share a stream.</summary>
    public static string CatalogPartition(string sku)
    {
        var hash = 2166136261u;
        foreach (var c in sku)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return $"p{hash % CatalogPartitions:00}";
    }
}
