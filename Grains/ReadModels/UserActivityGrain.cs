using System.Collections.Immutable;
using Granary.Grains.Events;
using Granary.Grains.Notifications;
using Granary.Grains.Orders;
using Granary.Grains.Persistence;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Granary.Grains.ReadModels;

/// <summary>
/// A user's order history and notifications (both read models of the user's event stream, in one grain so that an
/// event costs one delivery and at most one write). Idempotent: an order only moves to a higher version, and a
/// notification's id is its event's id, so repeated or reordered deliveries change nothing; notifications are kept
/// in event-time order whatever the delivery order.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.UserEvents)]
internal sealed class UserActivityGrain([PersistentState("user-activity")] IPersistentState<UserActivityState> state)
    : Grain, IUserOrdersGrain, IUserNotificationsGrain, IStreamSubscriptionObserver, IAsyncObserver<ShopEvent>
{
    public const int KeptNotifications = 100;

    Task<ImmutableArray<OrderView>> IUserOrdersGrain.List()
        => Task.FromResult(state.State.Orders.Values.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.OrderId).ToImmutableArray());

    Task<ImmutableArray<NotificationView>> IUserNotificationsGrain.List() => Task.FromResult(state.State.Notifications.ToImmutableArray());

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<ShopEvent>().ResumeAsync(this);

    public async Task OnNextAsync(ShopEvent item, StreamSequenceToken? token = null)
    {
        var orderChanged = item is OrderEvent { Order: var order } && Record(order);
        var notified = NotificationText.For(item) is { } notification && Record(notification);
        if (orderChanged || notified)
        {
            await state.WriteOrDeactivateAsync(this);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private bool Record(OrderView order)
    {
        if (state.State.Orders.TryGetValue(order.OrderId, out var known) && known.Version >= order.Version)
        {
            return false;
        }

        state.State.Orders[order.OrderId] = order;
        return true;
    }

    private bool Record(NotificationView notification)
    {
        var items = state.State.Notifications;
        if (items.Any(n => n.Id == notification.Id))
        {
            return false;
        }

        items.Add(notification);
        items.Sort((a, b) => b.At.CompareTo(a.At) is var byTime && byTime != 0 ? byTime : a.Id.CompareTo(b.Id));
        if (items.Count > KeptNotifications)
        {
            items.RemoveRange(KeptNotifications, items.Count - KeptNotifications);
        }

        return true;
    }
}
