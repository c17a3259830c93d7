namespace Granary.Grains.Events;

/// <summary>
/// Something that happened in the shop, published on a durable stream after the state change was persisted.
/// A redelivered event keeps its <see cref="EventId"/>; <see cref="SourceVersion"/> (the publishing grain's version)
/// lets handlers ignore stale or repeated events. All three are stamped by the publishing grain's outbox.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.event")]
public abstract record ShopEvent
{
    [Id(0)]
    public Guid EventId { get; init; }

    [Id(1)]
    public DateTimeOffset At { get; init; }

    [Id(2)]
    public long SourceVersion { get; init; }
}
