namespace Granary.Serialization;

/// <summary>How a field's payload is encoded; the low four bits of every field header. Values are part of the wire format.</summary>
public enum WireType : byte
{
    /// <summary>A LEB128 varint (signed values zig-zag encoded).</summary>
    VarInt = 0,

    /// <summary>Four little-endian bytes.</summary>
    Fixed32 = 1,

    /// <summary>Eight little-endian bytes.</summary>
    Fixed64 = 2,

    /// <summary>A varint byte count, then that many bytes.</summary>
    LengthPrefixed = 3,

    /// <summary>Nested fields follow, up to the matching <see cref="EndObject"/>.</summary>
    StartObject = 4,

    /// <summary>Ends the innermost object.</summary>
    EndObject = 5,

    /// <summary>The value is null; no payload.</summary>
    Null = 6,

    /// <summary>A varint object ordinal: the value is an object already written in this message.</summary>
    Reference = 7,

    /// <summary>A type reference, then the value's own field header (delta 0) and payload.</summary>
    TypedObject = 8,
}
