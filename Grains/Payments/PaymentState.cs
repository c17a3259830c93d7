using Granary.Grains.Common;
using Granary.Grains.Outbox;

namespace Granary.Grains.Payments;

[GenerateSerializer, Alias("granary.payment-state")]
public sealed class PaymentState : IOutboxState
{
    [Id(0)] public PaymentStatus Status { get; set; }
    [Id(1)] public Guid UserId { get; set; }
    [Id(2)] public Money? Amount { get; set; }
    [Id(3)] public string? PaymentId { get; set; }
    [Id(4)] public string? DeclineReason { get; set; }
    [Id(5)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(6)] public long Version { get; set; }
    [Id(7)] public List<OutboxEntry> Outbox { get; set; } = [];
}
