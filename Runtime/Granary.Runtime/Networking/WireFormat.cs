namespace Granary.Networking;

/// <summary>Constants of the frame layout described in WireFormat.md. Field ids are stable: never renumber or reuse.</summary>
internal static class WireFormat
{
    /// <summary>Major version 1, minor 0. A peer with another major version is refused at handshake.</summary>
    public const byte CurrentVersion = 0x10;

    /// <summary>Bytes of the length prefix that precedes every frame.</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>Version, kind, flags, correlation id: the fixed part after the length prefix.</summary>
    public const int FixedHeaderSize = 12;

    /// <summary>Smallest legal frame length (fixed header plus a one-byte empty field-section length).</summary>
    public const int MinFrameLength = FixedHeaderSize + 1;

    public const int WireTypeVarint = 0;
    public const int WireTypeLengthDelimited = 1;

    public const int FieldTargetGrainType = 1;
    public const int FieldTargetGrainKey = 2;
    public const int FieldInterfaceId = 3;
    public const int FieldMethodId = 4;
    public const int FieldSendingSilo = 5;
    public const int FieldTargetSilo = 6;
    public const int FieldTimeToLive = 7;
    public const int FieldStatus = 8;
    public const int FieldForwardSilo = 9;

    public static int MajorVersion(byte version) => version >> 4;

    public static string FormatVersion(byte version) => $"{version >> 4}.{version & 0xF}";
}
