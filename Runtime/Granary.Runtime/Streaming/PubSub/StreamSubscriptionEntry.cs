using Granary.Serialization;

namespace Granary.Streaming.PubSub;

/// <summary>One explicit subscription: its id and the grain that receives its events.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record StreamSubscriptionEntry([property: Id(0)] Guid SubscriptionId, [property: Id(1)] GrainId Consumer);
