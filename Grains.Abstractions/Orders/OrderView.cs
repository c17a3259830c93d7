using System.Collections.Immutable;
using Granary.Grains.Common;

namespace Granary.Grains.Orders;

/// <summary>An order as its buyer sees it; <see cref="Version"/> grows with every change (read models keep the highest).</summary>
[GenerateSerializer, Immutable, Alias("granary.order-view")]
public sealed record OrderView(
    Guid OrderId,
    Guid UserId,
    OrderStatus Status,
    ImmutableArray<OrderItem> Items,
    Money Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Reason,
    long Version);
