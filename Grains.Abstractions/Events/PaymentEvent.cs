using Granary.Grains.Common;

namespace Granary.Grains.Events;

/// <summary>Money moved for an order.</summary>
[GenerateSerializer, Immutable, Alias("granary.payment-event")]
public abstract record PaymentEvent(Guid OrderId, Guid UserId, Money Amount, string PaymentId) : ShopEvent;
