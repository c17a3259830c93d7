using System.Collections.Immutable;
using Granary.Grains.Events;
using Granary.Grains.Persistence;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Granary.Grains.Orders;

/// <summary>
/// A user's order history, fed by the order events on the user's stream. Each event carries the order as
/// persisted; an order only moves to a higher version, so repeated or reordered deliveries change nothing.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.UserEvents)]
internal sealed class UserOrdersGrain([PersistentState("user-orders")] IPersistentState<UserOrdersState> state)
    : Grain, IUserOrdersGrain, IStreamSubscriptionObserver, IAsyncObserver<ShopEvent>
{
    public Task<ImmutableArray<OrderView>> List()
        => Task.FromResult(state.State.Orders.Values.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.OrderId).ToImmutableArray());

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<ShopEvent>().ResumeAsync(this);

    public async Task OnNextAsync(ShopEvent item, StreamSequenceToken? token = null)
    {
        if (item is not OrderEvent { Order: var order })
        {
            return;
        }

        if (state.State.Orders.TryGetValue(order.OrderId, out var known) && known.Version >= order.Version)
        {
            return;
        }

        state.State.Orders[order.OrderId] = order;
        await state.WriteOrDeactivateAsync(this);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
