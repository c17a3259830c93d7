using Granary.Grains.Events;

namespace Granary.Grains.Outbox;

/// <summary>An event persisted with the state change that caused it, waiting to be published on <see cref="Stream"/>.</summary>
[GenerateSerializer, Alias("granary.outbox-entry")]
public sealed record OutboxEntry(StreamId Stream, ShopEvent Event);
