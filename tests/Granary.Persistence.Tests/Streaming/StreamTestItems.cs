using Granary.Serialization;

namespace Granary.Persistence.Tests.Streaming;

[GenerateSerializer]
public sealed record OrderPlaced([property: Id(0)] string OrderId, [property: Id(1)] long AmountMinor);

[GenerateSerializer]
public abstract class Animal
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;
}

[GenerateSerializer]
public sealed class Dog : Animal
{
    [Id(1)]
    public int Barks { get; set; }
}

/// <summary>What a test producer writes: who wrote it and its place in that producer's sequence.</summary>
[GenerateSerializer]
public sealed record ProducedItem([property: Id(0)] int Producer, [property: Id(1)] int Number, [property: Id(2)] long EnqueuedTimestamp = 0);

/// <summary>No [GenerateSerializer]: the wire serializer has no codec for it.</summary>
public sealed class NotSerializable
{
    public int Value { get; set; }
}
