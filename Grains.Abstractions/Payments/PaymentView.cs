using Granary.Grains.Common;

namespace Granary.Grains.Payments;

/// <summary>The payment of one order.</summary>
[GenerateSerializer, Immutable, Alias("granary.payment-view")]
public sealed record PaymentView(Guid OrderId, PaymentStatus Status, Money? Amount, string? PaymentId, string? DeclineReason, DateTimeOffset? UpdatedAt);
