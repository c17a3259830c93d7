namespace Granary.Grains.Catalog;

/// <summary>
/// The catalog listing read model (fed by product events): search and paging over every product on sale.
/// A stateless worker on each silo, reading the listing table.
/// </summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    Task<CatalogPage> Search(CatalogQuery query);
}
