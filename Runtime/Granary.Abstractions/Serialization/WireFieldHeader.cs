namespace Granary.Serialization;

/// <summary>A decoded field header: the absolute field id within its object and the payload's wire type.</summary>
public readonly struct WireFieldHeader(uint id, WireType wireType, int objectOrdinal)
{
    public uint Id { get; } = id;

    public WireType WireType { get; } = wireType;

    /// <summary>For <see cref="WireType.StartObject"/>: the object's ordinal in the message, for back-references.</summary>
    public int ObjectOrdinal { get; } = objectOrdinal;

    public bool IsEndObject => WireType == WireType.EndObject;

    public override string ToString() => $"field {Id} ({WireType})";
}
