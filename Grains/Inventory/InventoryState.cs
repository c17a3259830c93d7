using Granary.Grains.Outbox;

namespace Granary.Grains.Inventory;

[GenerateSerializer, Alias("granary.inventory-state")]
public sealed class InventoryState : IOutboxState
{
    /// <summary>A product with this SKU was seen to exist (checked once, at the first restock).</summary>
    [Id(0)] public bool Known { get; set; }
    [Id(1)] public bool Discontinued { get; set; }
    [Id(2)] public int OnHand { get; set; }

    /// <summary>Units held per order id; their sum is the reserved count.</summary>
    [Id(3)] public Dictionary<Guid, int> Reservations { get; set; } = [];

    [Id(4)] public Dictionary<Guid, SettledOrder> Settled { get; set; } = [];
    [Id(5)] public long Version { get; set; }
    [Id(6)] public List<OutboxEntry> Outbox { get; set; } = [];
}
