using Granary.Grains.Common;

namespace Granary.Grains.Events;

[GenerateSerializer, Immutable, Alias("granary.payment-refunded")]
public sealed record PaymentRefunded(Guid OrderId, Guid UserId, Money Amount, string PaymentId) : PaymentEvent(OrderId, UserId, Amount, PaymentId);
