namespace Granary.Networking;

/// <summary>
/// The routing part of a frame. Strings are never null: empty means absent (and costs no bytes on the wire).
/// See WireFormat.md for the encoding and the stable field ids.
/// </summary>
internal struct MessageHeader
{
    /// <summary>Protocol version the frame was encoded with (major in the high nibble); set by the codec.</summary>
    public byte Version;

    public MessageKind Kind;

    public MessageFlags Flags;

    /// <summary>Pairs a Response/Rejection/ProbeResponse with its Request/Probe; unique per connection and direction.</summary>
    public long CorrelationId;

    /// <summary>Grain type of the target grain; empty for messages not addressed to a grain.</summary>
    public string TargetGrainType;

    /// <summary>Key of the target grain; empty for messages not addressed to a grain.</summary>
    public string TargetGrainKey;

    public string InterfaceId;

    public int MethodId;

    /// <summary>Identity of the node that created the message.</summary>
    public string SendingSilo;

    /// <summary>Identity of the node the message is meant for; a receiver that is someone else rejects it.</summary>
    public string TargetSilo;

    /// <summary>Milliseconds the sender was still willing to wait when it sent the message; 0 means no deadline.</summary>
    public uint TimeToLiveMilliseconds;

    public ResponseStatus Status;

    /// <summary>With <see cref="ResponseStatus.Forward"/>: the silo that should receive the request instead.</summary>
    public string ForwardSilo;

    public MessageHeader(MessageKind kind)
    {
        Kind = kind;
        TargetGrainType = string.Empty;
        TargetGrainKey = string.Empty;
        InterfaceId = string.Empty;
        SendingSilo = string.Empty;
        TargetSilo = string.Empty;
        ForwardSilo = string.Empty;
    }

    public readonly GrainId TargetGrain =>
        TargetGrainType.Length == 0 ? default : GrainId.Create(new GrainType(TargetGrainType), TargetGrainKey);
}
