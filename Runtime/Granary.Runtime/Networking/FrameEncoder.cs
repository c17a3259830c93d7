using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Granary.Networking;

/// <summary>Writes messages as frames (layout in WireFormat.md). Stateless; allocates nothing.</summary>
internal static class FrameEncoder
{
    /// <summary>
    /// Computes (and caches on the message) the size of its header-field section and returns the frame length
    /// (bytes after the length prefix). Throws <see cref="ProtocolException"/> if it exceeds <paramref name="maxFrameLength"/>.
    /// </summary>
    public static int Measure(Message message, int maxFrameLength)
    {
        ref var h = ref message.Header;
        var fields = 0;
        fields += StringFieldSize(WireFormat.FieldTargetGrainType, h.TargetGrainType);
        fields += StringFieldSize(WireFormat.FieldTargetGrainKey, h.TargetGrainKey);
        fields += StringFieldSize(WireFormat.FieldInterfaceId, h.InterfaceId);
        fields += VarintFieldSize(WireFormat.FieldMethodId, (uint)h.MethodId);
        fields += StringFieldSize(WireFormat.FieldSendingSilo, h.SendingSilo);
        fields += StringFieldSize(WireFormat.FieldTargetSilo, h.TargetSilo);
        fields += VarintFieldSize(WireFormat.FieldTimeToLive, h.TimeToLiveMilliseconds);
        fields += VarintFieldSize(WireFormat.FieldStatus, (uint)h.Status);
        fields += StringFieldSize(WireFormat.FieldForwardSilo, h.ForwardSilo);

        var frameLength = (long)WireFormat.FixedHeaderSize + VarInt.SizeOf((uint)fields) + fields + message.Payload.Length;
        if (frameLength > maxFrameLength)
        {
            throw new ProtocolException(
                $"A {h.Kind} message would be a frame of {frameLength} bytes, more than the maximum of {maxFrameLength} (Granary:Networking:MaxFrameSize).");
        }

        message.EncodedFieldsLength = fields;
        return (int)frameLength;
    }

    /// <summary>Writes the whole frame, prefix included, and returns the bytes written.</summary>
    public static int Write(IBufferWriter<byte> writer, Message message, int maxFrameLength, byte version = WireFormat.CurrentVersion)
    {
        var frameLength = message.EncodedFieldsLength < 0 ? Measure(message, maxFrameLength) : ComputeFrameLength(message);
        var fieldsLength = message.EncodedFieldsLength;
        var headerSize = WireFormat.LengthPrefixSize + WireFormat.FixedHeaderSize + VarInt.SizeOf((uint)fieldsLength) + fieldsLength;

        ref var h = ref message.Header;
        var span = writer.GetSpan(headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)frameLength);
        span[4] = version;
        span[5] = (byte)h.Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)h.Flags);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], h.CorrelationId);
        var at = 16;
        at += VarInt.Write(span[at..], (uint)fieldsLength);
        at += WriteStringField(span[at..], WireFormat.FieldTargetGrainType, h.TargetGrainType);
        at += WriteStringField(span[at..], WireFormat.FieldTargetGrainKey, h.TargetGrainKey);
        at += WriteStringField(span[at..], WireFormat.FieldInterfaceId, h.InterfaceId);
        at += WriteVarintField(span[at..], WireFormat.FieldMethodId, (uint)h.MethodId);
        at += WriteStringField(span[at..], WireFormat.FieldSendingSilo, h.SendingSilo);
        at += WriteStringField(span[at..], WireFormat.FieldTargetSilo, h.TargetSilo);
        at += WriteVarintField(span[at..], WireFormat.FieldTimeToLive, h.TimeToLiveMilliseconds);
        at += WriteVarintField(span[at..], WireFormat.FieldStatus, (uint)h.Status);
        at += WriteStringField(span[at..], WireFormat.FieldForwardSilo, h.ForwardSilo);
        writer.Advance(at);

        var payload = message.Payload.Span;
        if (!payload.IsEmpty)
        {
            writer.Write(payload);
        }

        return WireFormat.LengthPrefixSize + frameLength;
    }

    private static int ComputeFrameLength(Message message) =>
        WireFormat.FixedHeaderSize + VarInt.SizeOf((uint)message.EncodedFieldsLength) + message.EncodedFieldsLength + message.Payload.Length;

    private static uint Key(int fieldId, int wireType) => ((uint)fieldId << 1) | (uint)wireType;

    private static int StringFieldSize(int fieldId, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarInt.SizeOf(Key(fieldId, WireFormat.WireTypeLengthDelimited)) + VarInt.SizeOf((uint)bytes) + bytes;
    }

    private static int VarintFieldSize(int fieldId, uint value) =>
        value == 0 ? 0 : VarInt.SizeOf(Key(fieldId, WireFormat.WireTypeVarint)) + VarInt.SizeOf(value);

    private static int WriteStringField(Span<byte> destination, int fieldId, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        var at = VarInt.Write(destination, Key(fieldId, WireFormat.WireTypeLengthDelimited));
        var bytes = Encoding.UTF8.GetByteCount(value);
        at += VarInt.Write(destination[at..], (uint)bytes);
        at += Encoding.UTF8.GetBytes(value, destination[at..]);
        return at;
    }

    private static int WriteVarintField(Span<byte> destination, int fieldId, uint value)
    {
        if (value == 0)
        {
            return 0;
        }

        var at = VarInt.Write(destination, Key(fieldId, WireFormat.WireTypeVarint));
        at += VarInt.Write(destination[at..], value);
        return at;
    }
}
