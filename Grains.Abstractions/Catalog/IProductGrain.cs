namespace Granary.Grains.Catalog;

/// <summary>One catalog entry, keyed by SKU.</summary>
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the entry (a discontinued product stays discontinued).</summary>
    Task<ProductUpsert> Upsert(ProductDetails details);

    /// <summary>The entry, or null when no product has this SKU.</summary>
    Task<ProductView?> Get();

    /// <summary>Stops selling the product: new orders naming it are refused, open reservations stay valid.</summary>
    Task<ProductView> Discontinue();
}
