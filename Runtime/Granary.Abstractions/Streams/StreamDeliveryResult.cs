using Granary.Serialization;

namespace Granary.Streams;

/// <summary>
/// How far a delivery got: <see cref="Delivered"/> items were handled. With no error and fewer items than sent,
/// the consumer stopped at its time budget and the agent sends the rest. With an error, the next item's handler
/// threw <see cref="ErrorType"/> with <see cref="Error"/> and nothing after it was tried; <see cref="Transient"/>
/// says the cause was the cluster (a silo or storage unavailable), not the event.
/// </summary>
[GenerateSerializer]
[Immutable]
internal sealed record StreamDeliveryResult(
    [property: Id(0)] int Delivered,
    [property: Id(1)] string? ErrorType,
    [property: Id(2)] string? Error,
    [property: Id(3)] bool Transient = false);
