using Granary.Serialization;

namespace Granary.Streams;

/// <summary>
/// How far a delivery got: <see cref="Delivered"/> items were handled; when it is short of the batch, the next
/// item's handler threw <see cref="ErrorType"/> with <see cref="Error"/>, and nothing after it was tried.
/// </summary>
[GenerateSerializer]
[Immutable]
internal sealed record StreamDeliveryResult(
    [property: Id(0)] int Delivered,
    [property: Id(1)] string? ErrorType,
    [property: Id(2)] string? Error);
