using Granary.Serialization;

namespace Granary.Streams;

/// <summary>
/// Where an event sits in its queue: the queue's sequence number, and its index within a batch that shares
/// one. Redelivered events carry the same token, so a handler can skip what it has already applied.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record StreamSequenceToken([property: Id(0)] long SequenceNumber, [property: Id(1)] int EventIndex)
    : IComparable<StreamSequenceToken>
{
    public int CompareTo(StreamSequenceToken? other) =>
        other is null ? 1
        : SequenceNumber != other.SequenceNumber ? SequenceNumber.CompareTo(other.SequenceNumber)
        : EventIndex.CompareTo(other.EventIndex);

    public bool Newer(StreamSequenceToken other) => CompareTo(other) > 0;

    public bool Older(StreamSequenceToken other) => CompareTo(other) < 0;
}
