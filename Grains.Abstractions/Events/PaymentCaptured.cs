using Granary.Grains.Common;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.payment-captured")]
public sealed record PaymentCaptured(Guid OrderId, Guid UserId, Money Amount, string PaymentId) : PaymentEvent(OrderId, UserId, Amount, PaymentId);
