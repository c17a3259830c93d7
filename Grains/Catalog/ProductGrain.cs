using Granary.Grains.Common;
using Granary.Grains.Events;
using Granary.Grains.Inventory;
using Granary.Grains.Outbox;
using Microsoft.Extensions.Logging;

namespace Granary.Grains.Catalog;

/// <summary>One catalog entry; every change is published (<see cref="ProductChanged"/>) for the catalog listing.</summary>
internal sealed class ProductGrain : Grain, IProductGrain
{
    private readonly IPersistentState<ProductState> _state;
    private readonly TimeProvider _time;
    private readonly EventOutbox<ProductState> _outbox;

    public ProductGrain([PersistentState("product")] IPersistentState<ProductState> state, TimeProvider time, ILogger<ProductGrain> logger)
    {
        _state = state;
        _time = time;
        _outbox = new EventOutbox<ProductState>(this, state, logger);
    }

    private string Sku => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _outbox.PublishAsync();


    public async Task<ProductUpsert> Upsert(ProductDetails details)
    {
        Common.Sku.Validate(Sku);
        details.Validate();
        var created = !_state.State.Exists;
        var product = _state.State;
        product.Exists = true;
        product.Name = details.Name.Trim();
        product.Description = details.Description?.Trim() ?? "";
        product.Price = details.Price;
        await SaveAsync();
        return new ProductUpsert(View()!, created);
    }

    public Task<ProductView?> Get() => Task.FromResult(View());

    public async Task<ProductView> Discontinue()
    {
        var view = View() ?? throw new Errors.UnknownSkuException([Sku]);
        if (!view.Discontinued)
        {
            _state.State.Discontinued = true;
            await SaveAsync();
        }

        // Also when already discontinued: a call cut short before this step is completed by its retry.
        await GrainFactory.GetGrain<IInventoryGrain>(Sku).Discontinue();
        return View()!;
    }

    private async Task SaveAsync()
    {
        _state.State.Version++;
        _state.State.UpdatedAt = _time.GetUtcNow();
        var view = View()!;
        _outbox.Add(StreamId.Create(ShopStreams.Catalog, ShopStreams.CatalogPartition(Sku)), new ProductChanged(view), view.Version, view.UpdatedAt);
        await _outbox.WriteAndPublishAsync();
    }

    private ProductView? View()
    {
        var p = _state.State;
        return p.Exists ? new ProductView(Sku, p.Name, p.Description, p.Price, p.Discontinued, p.Version, p.UpdatedAt) : null;
    }
}
