using Granary.Grains.Events;
using Granary.Grains.Notifications;

namespace Granary.Grains.ReadModels;

/// <summary>Which events a user is told about, and how; a notification's id is its event's id.</summary>
internal static class NotificationText
{
    public static NotificationView? For(ShopEvent item) => item switch
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
