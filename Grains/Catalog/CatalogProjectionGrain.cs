using Granary.Grains.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Granary.Grains.Catalog;

/// <summary>
/// Feeds the catalog listing table from product events; one activation per catalog stream partition
/// (<see cref="ShopStreams.CatalogPartition"/>). Idempotent: the store keeps the highest product version.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.Catalog)]
internal sealed class CatalogProjectionGrain(ICatalogListingStore store) : Grain, ICatalogProjectionGrain, IStreamSubscriptionObserver, IAsyncObserver<ShopEvent>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<ShopEvent>().ResumeAsync(this);

    public Task OnNextAsync(ShopEvent item, StreamSequenceToken? token = null)
        => item is ProductChanged changed ? store.UpsertAsync(changed.Product) : Task.CompletedTask;

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
