using System.Collections.Immutable;
using Granary.Grains.Events;
using Granary.Grains.Orders;
using Granary.Grains.Persistence;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Granary.Grains.Notifications;

/// <summary>
/// A user's notifications, fed by the order and payment events on the user's stream. A notification's id is its
/// event's id, so a redelivered event adds nothing; the list is kept in event time order, whatever the delivery order.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.UserEvents)]
internal sealed class UserNotificationsGrain([PersistentState("user-notifications")] IPersistentState<UserNotificationsState> state)
    : Grain, IUserNotificationsGrain, IStreamSubscriptionObserver, IAsyncObserver<ShopEvent>
{
    public const int Kept = 100;

    public Task<ImmutableArray<NotificationView>> List() => Task.FromResult(state.State.Items.ToImmutableArray());

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<ShopEvent>().ResumeAsync(this);

    public async Task OnNextAsync(ShopEvent item, StreamSequenceToken? token = null)
    {
        if (Describe(item) is not { } notification || state.State.Items.Any(n => n.Id == notification.Id))
        {
            return;
        }

        var items = state.State.Items;
        items.Add(notification);
        items.Sort((a, b) => b.At.CompareTo(a.At) is var byTime && byTime != 0 ? byTime : a.Id.CompareTo(b.Id));
        if (items.Count > Kept)
        {
            items.RemoveRange(Kept, items.Count - Kept);
        }

        await state.WriteOrDeactivateAsync(this);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private static NotificationView? Describe(ShopEvent item) => item switch
    {
        OrderConfirmed e => Notify(e, "order-confirmed", e.Order.OrderId, $"Your order is confirmed: {e.Order.Total}."),
        OrderRejected e => Notify(e, "order-rejected", e.Order.OrderId, $"Your order could not be fulfilled ({e.Order.Reason})."),
        OrderPaymentFailed e => Notify(e, "payment-failed", e.Order.OrderId, $"Your payment failed ({e.Order.Reason}); nothing was charged."),
        OrderCancelled e => Notify(e, "order-cancelled", e.Order.OrderId, $"Your order was cancelled ({e.Order.Reason})."),
        PaymentRefunded e => Notify(e, "payment-refunded", e.OrderId, $"{e.Amount} was refunded."),
        _ => null,
    };

    private static NotificationView Notify(ShopEvent e, string kind, Guid orderId, string message) => new(e.EventId, kind, orderId, message, e.At);
}
