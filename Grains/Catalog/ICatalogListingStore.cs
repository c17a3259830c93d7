namespace Granary.Grains.Catalog;

/// <summary>
/// The table behind the catalog listing read model (one row per SKU). Implemented by the host for its database;
/// writes are idempotent: a row only moves to a higher product version.
/// </summary>
public interface ICatalogListingStore
{
    /// <summary>Stores <paramref name="product"/> unless the row already holds this or a later version.</summary>
    Task UpsertAsync(ProductView product, CancellationToken cancellationToken = default);

    /// <summary>Products on sale matching the query's text (name or description, case-insensitive), ordered by SKU.</summary>
    Task<CatalogListing> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default);
}
