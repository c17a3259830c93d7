using Granary.Grains.Common;
using Granary.Grains.Outbox;

namespace Granary.Grains.Orders;

[GenerateSerializer, Alias("granary.order-state")]
public sealed class OrderState : IOutboxState
{
    [Id(0)] public SagaStep Step { get; set; }
    [Id(1)] public OrderStatus Status { get; set; }

    /// <summary>The status a compensation ends in.</summary>
    [Id(2)] public OrderStatus CompensateTo { get; set; }
    [Id(3)] public Guid UserId { get; set; }

    /// <summary>Hash of the request body, to tell a repeat from another request under the same idempotency key.</summary>
    [Id(4)] public string Fingerprint { get; set; } = "";
    [Id(5)] public List<OrderItem> Items { get; set; } = [];
    [Id(6)] public Money Total { get; set; }
    [Id(7)] public string PaymentToken { get; set; } = "";
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(10)] public DateTimeOffset Deadline { get; set; }
    [Id(11)] public string? Reason { get; set; }
    [Id(12)] public long Version { get; set; }
    [Id(13)] public List<OutboxEntry> Outbox { get; set; } = [];
}
