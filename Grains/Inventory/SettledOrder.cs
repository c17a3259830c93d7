namespace Granary.Grains.Inventory;

/// <summary>An order whose reservation was released (or whose units were returned), remembered until <see cref="Expires"/>.</summary>
[GenerateSerializer, Alias("granary.settled-order")]
public sealed record SettledOrder(bool Returned, DateTimeOffset Expires);
