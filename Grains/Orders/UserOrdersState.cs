namespace Granary.Grains.Orders;

[GenerateSerializer, Alias("granary.user-orders-state")]
public sealed class UserOrdersState
{
    /// <summary>The latest version seen of each of the user's orders.</summary>
    [Id(0)] public Dictionary<Guid, OrderView> Orders { get; set; } = [];
}
