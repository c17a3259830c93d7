using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Granary.Networking;

/// <summary>
/// Reads frames (layout in WireFormat.md) off a byte sequence. Every length is checked against what is left
/// before anything is allocated, so a hostile or broken peer gets a <see cref="ProtocolException"/>, never an
/// out-of-memory or an index error. One decoder per connection: it remembers the last value of each string
/// field, so the silo identities and interface ids repeated on every message are not allocated again.
/// </summary>
internal sealed class FrameDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly int _maxFrameLength;
    private readonly CachedString[] _strings = new CachedString[WireFormat.FieldForwardSilo + 1];

    public FrameDecoder(int maxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, WireFormat.MinFrameLength);
        _maxFrameLength = maxFrameLength;
    }

    /// <summary>
    /// Decodes the first frame of <paramref name="buffer"/> and slices it off; false (buffer untouched) when the
    /// frame is not complete yet. Throws <see cref="ProtocolException"/> on a malformed or oversized frame.
    /// </summary>
    public bool TryDecode(ref ReadOnlySequence<byte> buffer, out Message? message)
    {
        message = null;
        if (buffer.Length < WireFormat.LengthPrefixSize)
        {
            return false;
        }

        uint frameLength;
        if (buffer.FirstSpan.Length >= WireFormat.LengthPrefixSize)
        {
            frameLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer.FirstSpan);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[WireFormat.LengthPrefixSize];
            buffer.Slice(0, WireFormat.LengthPrefixSize).CopyTo(prefix);
            frameLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        }

        // Checked before waiting for the body, so an oversized frame is refused without buffering it.
        if (frameLength > (uint)_maxFrameLength)
        {
            throw new ProtocolException($"Frame of {frameLength} bytes exceeds the maximum of {_maxFrameLength} (Granary:Networking:MaxFrameSize).");
        }

        if (frameLength < WireFormat.MinFrameLength)
        {
            throw new ProtocolException($"Frame of {frameLength} bytes is shorter than the minimum of {WireFormat.MinFrameLength}.");
        }

        if (buffer.Length < WireFormat.LengthPrefixSize + frameLength)
        {
            return false;
        }

        var frame = buffer.Slice(WireFormat.LengthPrefixSize, frameLength);
        if (frame.IsSingleSegment)
        {
            message = Decode(frame.FirstSpan);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent((int)frameLength);
            try
            {
                frame.CopyTo(rented);
                message = Decode(rented.AsSpan(0, (int)frameLength));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>Decodes one frame body (everything after the length prefix).</summary>
    public Message Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < WireFormat.MinFrameLength)
        {
            throw new ProtocolException($"Frame of {frame.Length} bytes is shorter than the minimum of {WireFormat.MinFrameLength}.");
        }

        var version = frame[0];
        if (WireFormat.MajorVersion(version) != WireFormat.MajorVersion(WireFormat.CurrentVersion))
        {
            throw new ProtocolException(
                $"The peer speaks protocol version {WireFormat.FormatVersion(version)}; this node speaks {WireFormat.FormatVersion(WireFormat.CurrentVersion)}. Major versions must match.");
        }

        var kind = (MessageKind)frame[1];
        if (kind < MessageKind.Request || kind > MessageKind.Close)
        {
            throw new ProtocolException($"Unknown message kind {frame[1]}.");
        }

        var header = new MessageHeader(kind)
        {
            Version = version,
            Flags = (MessageFlags)BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]),
            CorrelationId = BinaryPrimitives.ReadInt64LittleEndian(frame[4..]),
        };

        var rest = frame[WireFormat.FixedHeaderSize..];
        if (!VarInt.TryRead(rest, out var fieldsLength, out var read) || fieldsLength > (uint)(rest.Length - read))
        {
            throw new ProtocolException("The header-field section length is malformed or runs past the end of the frame.");
        }

        ReadFields(rest.Slice(read, (int)fieldsLength), ref header);
        var payload = rest[(read + (int)fieldsLength)..];

        var message = new Message(header);
        if (!payload.IsEmpty)
        {
            var rented = ArrayPool<byte>.Shared.Rent(payload.Length);
            payload.CopyTo(rented);
            message.SetPooledPayload(rented, payload.Length);
        }

        return message;
    }

    private void ReadFields(ReadOnlySpan<byte> fields, ref MessageHeader header)
    {
        while (!fields.IsEmpty)
        {
            if (!VarInt.TryRead(fields, out var key, out var read))
            {
                throw new ProtocolException("A header field key is malformed.");
            }

            fields = fields[read..];
            var fieldId = (int)(key >> 1);
            var wireType = (int)(key & 1);
            if (fieldId == 0)
            {
                throw new ProtocolException("Header field id 0 is not allowed.");
            }

            if (wireType == WireFormat.WireTypeVarint)
            {
                if (fieldId is WireFormat.FieldMethodId or WireFormat.FieldTimeToLive or WireFormat.FieldStatus)
                {
                    if (!VarInt.TryRead(fields, out var value, out read))
                    {
                        throw new ProtocolException($"Header field {fieldId} holds a malformed varint.");
                    }

                    SetVarint(ref header, fieldId, value);
                }
                else if (IsStringField(fieldId))
                {
                    throw new ProtocolException($"Header field {fieldId} must be length-delimited.");
                }
                else if (!VarInt.TrySkip(fields, out read))
                {
                    throw new ProtocolException($"Unknown header field {fieldId} holds a malformed varint.");
                }
            }
            else
            {
                if (!VarInt.TryRead(fields, out var length, out var lengthSize) || length > (uint)(fields.Length - lengthSize))
                {
                    throw new ProtocolException($"Header field {fieldId} runs past the end of the header section.");
                }

                var bytes = fields.Slice(lengthSize, (int)length);
                read = lengthSize + (int)length;
                if (IsStringField(fieldId))
                {
                    SetString(ref header, fieldId, ReadString(fieldId, bytes));
                }
                else if (fieldId is WireFormat.FieldMethodId or WireFormat.FieldTimeToLive or WireFormat.FieldStatus)
                {
                    throw new ProtocolException($"Header field {fieldId} must be a varint.");
                }

                // Unknown length-delimited fields (later minor versions, extensions) are skipped.
            }

            fields = fields[read..];
        }
    }

    private static bool IsStringField(int fieldId) => fieldId is WireFormat.FieldTargetGrainType or WireFormat.FieldTargetGrainKey
        or WireFormat.FieldInterfaceId or WireFormat.FieldSendingSilo or WireFormat.FieldTargetSilo or WireFormat.FieldForwardSilo;

    private static void SetVarint(ref MessageHeader header, int fieldId, uint value)
    {
        switch (fieldId)
        {
            case WireFormat.FieldMethodId:
                header.MethodId = (int)value;
                break;
            case WireFormat.FieldTimeToLive:
                header.TimeToLiveMilliseconds = value;
                break;
            default:
                if (value > (uint)ResponseStatus.Forward)
                {
                    throw new ProtocolException($"Unknown response status {value}.");
                }

                header.Status = (ResponseStatus)value;
                break;
        }
    }

    private static void SetString(ref MessageHeader header, int fieldId, string value)
    {
        switch (fieldId)
        {
            case WireFormat.FieldTargetGrainType:
                header.TargetGrainType = value;
                break;
            case WireFormat.FieldTargetGrainKey:
                header.TargetGrainKey = value;
                break;
            case WireFormat.FieldInterfaceId:
                header.InterfaceId = value;
                break;
            case WireFormat.FieldSendingSilo:
                header.SendingSilo = value;
                break;
            case WireFormat.FieldTargetSilo:
                header.TargetSilo = value;
                break;
            default:
                header.ForwardSilo = value;
                break;
        }
    }

    private string ReadString(int fieldId, ReadOnlySpan<byte> bytes)
    {
        ref var cached = ref _strings[fieldId];
        if (cached.Value is not null && bytes.SequenceEqual(cached.Utf8))
        {
            return cached.Value;
        }

        string value;
        try
        {
            value = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolException($"Header field {fieldId} is not valid UTF-8.", e);
        }

        // Identities, type and interface names repeat on every message; grain keys rarely do.
        if (fieldId != WireFormat.FieldTargetGrainKey && bytes.Length <= 128)
        {
            cached = new CachedString(bytes.ToArray(), value);
        }

        return value;
    }

    private readonly record struct CachedString(byte[] Utf8, string Value);
}
