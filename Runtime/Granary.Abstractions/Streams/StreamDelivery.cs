using Granary.Serialization;

namespace Granary.Streams;

/// <summary>
/// Consecutive events of one stream for one subscription. Treated as immutable: the delivery agent hands
/// each consumer its own items.
/// </summary>
[GenerateSerializer]
[Immutable]
internal sealed record StreamDelivery(
    [property: Id(0)] string ProviderName,
    [property: Id(1)] StreamId StreamId,
    [property: Id(2)] Guid SubscriptionId,
    [property: Id(3)] List<object?> Items,
    [property: Id(4)] List<StreamSequenceToken> Tokens);
