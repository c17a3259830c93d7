using Granary.Grains.Inventory;
using Orleans.Concurrency;

namespace Granary.Grains.Catalog;

/// <summary>
/// Answers listing queries on every silo (a stateless worker): products from the listing table, and each listed
/// product's available units asked of its inventory grain, so stock on a page is never stale.
/// </summary>
[StatelessWorker]
internal sealed class CatalogGrain(ICatalogListingStore store) : Grain, ICatalogGrain
{
    public async Task<CatalogPage> Search(CatalogQuery query)
    {
        query.Validate();
        var listing = await store.SearchAsync(query);
        var levels = await Task.WhenAll(listing.Products.Select(p => GrainFactory.GetGrain<IInventoryGrain>(p.Sku).Get()));
        var items = listing.Products.Zip(levels, (p, level) => new CatalogItem(p.Sku, p.Name, p.Description, p.Price, level.Available));
        return new CatalogPage([.. items], query.Page, query.PageSize, listing.Total);
    }
}
