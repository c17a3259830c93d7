using System.Buffers;
using System.Buffers.Binary;
using Granary.Networking;

namespace Granary.Runtime.Tests.Networking;

/// <summary>Frame encoding and decoding: round trips, partial input, and every kind of malformed input.</summary>
public sealed class FrameDecoderTests
{
    private const int MaxFrame = 1 << 20;

    [Fact]
    public void Every_header_field_survives_a_round_trip()
    {
        var message = new Message(MessageKind.Request);
        message.Header.Flags = MessageFlags.ReadOnly | MessageFlags.System;
        message.Header.CorrelationId = long.MaxValue - 7;
        message.Header.TargetGrainType = "inventory";
        message.Header.TargetGrainKey = "sku-ü-42";
        message.Header.InterfaceId = "Shop.IInventoryGrain";
        message.Header.MethodId = -123456;
        message.Header.SendingSilo = "S127.0.0.1:11111:1";
        message.Header.TargetSilo = "S127.0.0.1:11112:7";
        message.Header.TimeToLiveMilliseconds = 29_500;
        message.Header.Status = ResponseStatus.Forward;
        message.Header.ForwardSilo = "S127.0.0.1:11113:2";
        message.SetPayload(new byte[] { 1, 2, 3, 250 });

        using var decoded = RoundTrip(message);

        Assert.Equal(WireFormat.CurrentVersion, decoded.Header.Version);
        Assert.Equal(MessageKind.Request, decoded.Kind);
        Assert.Equal(MessageFlags.ReadOnly | MessageFlags.System, decoded.Header.Flags);
        Assert.Equal(long.MaxValue - 7, decoded.CorrelationId);
        Assert.Equal("inventory", decoded.Header.TargetGrainType);
        Assert.Equal("sku-ü-42", decoded.Header.TargetGrainKey);
        Assert.Equal("Shop.IInventoryGrain", decoded.Header.InterfaceId);
        Assert.Equal(-123456, decoded.Header.MethodId);
        Assert.Equal("S127.0.0.1:11111:1", decoded.Header.SendingSilo);
        Assert.Equal("S127.0.0.1:11112:7", decoded.Header.TargetSilo);
        Assert.Equal(29_500u, decoded.Header.TimeToLiveMilliseconds);
        Assert.Equal(ResponseStatus.Forward, decoded.Header.Status);
        Assert.Equal("S127.0.0.1:11113:2", decoded.Header.ForwardSilo);
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, decoded.Payload.ToArray());
        Assert.Equal(GrainId.Create(new GrainType("inventory"), "sku-ü-42"), decoded.Header.TargetGrain);
    }

    [Theory]
    [InlineData((byte)MessageKind.Response)]
    [InlineData((byte)MessageKind.OneWayRequest)]
    [InlineData((byte)MessageKind.Rejection)]
    [InlineData((byte)MessageKind.Probe)]
    [InlineData((byte)MessageKind.ProbeResponse)]
    [InlineData((byte)MessageKind.Handshake)]
    [InlineData((byte)MessageKind.Close)]
    public void A_message_with_only_defaults_is_a_minimal_frame(byte kindValue)
    {
        var kind = (MessageKind)kindValue;
        var message = new Message(kind);
        var bytes = Encode(message);

        Assert.Equal(WireFormat.LengthPrefixSize + WireFormat.MinFrameLength, bytes.Length);
        using var decoded = Decode(bytes);
        Assert.Equal(kind, decoded.Kind);
        Assert.Equal(string.Empty, decoded.Header.TargetGrainType);
        Assert.Equal(string.Empty, decoded.Header.SendingSilo);
        Assert.True(decoded.Payload.IsEmpty);
        Assert.True(decoded.Header.TargetGrain.IsDefault);
    }

    [Fact]
    public void A_large_payload_round_trips_even_across_many_segments()
    {
        var payload = new byte[MaxFrame - 200];
        new Random(7).NextBytes(payload);
        var message = Message.CreateRequest(GrainId.Create(new GrainType("t"), "k"), "I", 3);
        message.SetPayload(payload);
        var bytes = Encode(message);

        var sequence = SegmentedSequence.Split(bytes, 4093);
        var decoder = new FrameDecoder(MaxFrame);
        Assert.True(decoder.TryDecode(ref sequence, out var decoded));
        Assert.True(sequence.IsEmpty);
        Assert.True(payload.AsSpan().SequenceEqual(decoded!.Payload.Span));
        decoded.Dispose();
    }

    [Fact]
    public void An_incomplete_frame_is_not_decoded_until_its_last_byte_arrives()
    {
        var message = Message.CreateRequest(GrainId.Create(new GrainType("t"), "key"), "I", 1);
        message.SetPayload(new byte[100]);
        var bytes = Encode(message);
        var decoder = new FrameDecoder(MaxFrame);

        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(decoder.TryDecode(ref partial, out _));
            Assert.Equal(length, partial.Length);
        }
    }

    [Fact]
    public void Back_to_back_frames_decode_one_by_one_and_repeated_strings_are_reused()
    {
        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 3; i++)
        {
            var message = new Message(MessageKind.OneWayRequest);
            message.Header.SendingSilo = "silo-a";
            message.Header.TargetGrainKey = $"key-{i}";
            FrameEncoder.Write(writer, message, MaxFrame);
        }

        var sequence = new ReadOnlySequence<byte>(writer.WrittenMemory);
        var decoder = new FrameDecoder(MaxFrame);
        var decoded = new List<Message>();
        while (decoder.TryDecode(ref sequence, out var message))
        {
            decoded.Add(message!);
        }

        Assert.Equal(["key-0", "key-1", "key-2"], decoded.ConvertAll(m => m.Header.TargetGrainKey));
        Assert.Same(decoded[0].Header.SendingSilo, decoded[2].Header.SendingSilo);
    }

    [Fact]
    public void An_oversized_frame_is_refused_from_its_length_prefix_alone()
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, MaxFrame + 1);
        var sequence = new ReadOnlySequence<byte>(prefix);

        var error = Assert.Throws<ProtocolException>(() => new FrameDecoder(MaxFrame).TryDecode(ref sequence, out _));
        Assert.Contains("exceeds the maximum", error.Message);
    }

    [Fact]
    public void A_message_too_large_to_send_is_refused_when_measured()
    {
        var message = new Message(MessageKind.OneWayRequest);
        message.SetPayload(new byte[MaxFrame]);

        Assert.Throws<ProtocolException>(() => FrameEncoder.Measure(message, MaxFrame));
    }

    public static TheoryData<string, byte[]> MalformedFrames() => new()
    {
        { "shorter than the minimum", Frame(12, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) },
        { "other major version", Body(version: 0x20, fields: []) },
        { "unknown kind", Body(kind: 99, fields: []) },
        { "kind zero", Body(kind: 0, fields: []) },
        { "field section past the end", Frame(null, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 1, 2]) },
        { "varint section length too long", Frame(null, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) },
        { "string runs past its section", Body(fields: [(5 << 1) | 1, 10, (byte)'a']) },
        { "invalid UTF-8", Body(fields: [(1 << 1) | 1, 2, 0xC3, 0x28]) },
        { "field id zero", Body(fields: [0, 1]) },
        { "string field as varint", Body(fields: [5 << 1, 1]) },
        { "varint field as string", Body(fields: [(4 << 1) | 1, 1, 1]) },
        { "truncated varint value", Body(fields: [4 << 1, 0x80]) },
        { "unknown status", Body(fields: [8 << 1, 9]) },
        { "method id over 32 bits", Body(fields: [4 << 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public void A_malformed_frame_is_refused_with_a_protocol_exception(string why, byte[] frame)
    {
        var sequence = new ReadOnlySequence<byte>(frame);
        var error = Record.Exception(() => new FrameDecoder(MaxFrame).TryDecode(ref sequence, out _));
        Assert.True(error is ProtocolException, $"{why}: got {error?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void Unknown_fields_of_a_later_minor_version_are_skipped()
    {
        // Field 40 as varint, field 41 as bytes, then the known SendingSilo field; minor version 1.
        byte[] fields = [40 << 1, 0xAC, 0x02, (41 << 1) | 1, 3, 1, 2, 3, (5 << 1) | 1, 1, (byte)'s'];
        var sequence = new ReadOnlySequence<byte>(Body(version: 0x11, fields: fields));

        Assert.True(new FrameDecoder(MaxFrame).TryDecode(ref sequence, out var message));
        Assert.Equal("s", message!.Header.SendingSilo);
        Assert.Equal(0x11, message.Header.Version);
    }

    [Fact]
    public void Random_garbage_never_escapes_as_anything_but_a_protocol_exception()
    {
        var random = new Random(1234);
        var decoder = new FrameDecoder(4096);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length >= 5)
            {
                // Mostly plausible prefixes, so the body parser gets exercised too.
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)(bytes.Length - 4));
                bytes[4] = 0x10;
                bytes[5 % bytes.Length] = (byte)random.Next(0, 10);
            }

            var sequence = new ReadOnlySequence<byte>(bytes);
            try
            {
                if (decoder.TryDecode(ref sequence, out var message))
                {
                    message!.Dispose();
                }
            }
            catch (ProtocolException)
            {
            }
        }
    }

    private static byte[] Encode(Message message)
    {
        var writer = new ArrayBufferWriter<byte>();
        var written = FrameEncoder.Write(writer, message, MaxFrame);
        Assert.Equal(written, writer.WrittenCount);
        return writer.WrittenSpan.ToArray();
    }

    private static Message Decode(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(new FrameDecoder(MaxFrame).TryDecode(ref sequence, out var message));
        Assert.True(sequence.IsEmpty);
        return message!;
    }

    private static Message RoundTrip(Message message) => Decode(Encode(message));

    private static byte[] Body(byte version = WireFormat.CurrentVersion, byte kind = (byte)MessageKind.Request, byte[]? fields = null)
    {
        fields ??= [];
        var body = new List<byte> { version, kind, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)fields.Length };
        body.AddRange(fields);
        return Frame(null, [.. body]);
    }

    private static byte[] Frame(int? declaredLength, byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(declaredLength ?? body.Length));
        body.CopyTo(frame, 4);
        return frame;
    }
}
