using System.Globalization;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Inventory;

namespace Granary.Benchmarks.Shop;

/// <summary>
/// The products the shop scenarios sell, created the way an admin creates them: through the product grain
/// (<c>Upsert</c>, which also feeds the catalog listing) and the inventory grain (<c>Restock</c>).
/// </summary>
internal static class ShopCatalog
{
    public const string Currency = "USD";

    /// <summary>Products created at once; more would only queue behind the database writer.</summary>
    private const int Slice = 64;

    public static string SkuOf(int number) => "BENCH-" + number.ToString("000000", CultureInfo.InvariantCulture);

    /// <summary>A price between 1.00 and 99.99, fixed per product number.</summary>
    public static Money PriceOf(int number) => new(100 + (number * 7919 % 9_900), Currency);

    /// <summary>Creates products 1..<paramref name="count"/> with <paramref name="stock"/> units on hand each; returns their SKUs.</summary>
    public static async Task<string[]> CreateAsync(IGrainFactory grains, int count, int stock, CancellationToken cancellationToken)
    {
        var skus = Enumerable.Range(1, count).Select(SkuOf).ToArray();
        foreach (var slice in Enumerable.Range(1, count).Chunk(Slice))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.WhenAll(slice.Select(number => CreateOneAsync(grains, number, $"Bench product {number}", "Made by the benchmark.", stock)));
        }

        return skus;
    }

    /// <summary>Creates (or updates) one product through its grain and restocks it.</summary>
    public static async Task CreateOneAsync(IGrainFactory grains, int number, string name, string description, int stock)
    {
        var sku = SkuOf(number);
        await grains.GetGrain<IProductGrain>(sku).Upsert(new ProductDetails(name, description, PriceOf(number)));
        if (stock > 0)
        {
            await grains.GetGrain<IInventoryGrain>(sku).Restock(stock);
        }
    }
}
