using Granary.Grains.Common;
using Granary.Grains.Outbox;

namespace Granary.Grains.Catalog;

[GenerateSerializer, Alias("granary.product-state")]
public sealed class ProductState : IOutboxState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Description { get; set; } = "";
    [Id(3)] public Money Price { get; set; }
    [Id(4)] public bool Discontinued { get; set; }
    [Id(5)] public long Version { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(7)] public List<OutboxEntry> Outbox { get; set; } = [];
}
