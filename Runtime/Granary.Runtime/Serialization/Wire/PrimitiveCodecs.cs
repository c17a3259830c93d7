using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Granary.Serialization.Wire;

// Codecs for scalar framework types. Integers are varints (signed ones zig-zag), so any integer field can be
// widened later (int to long) without breaking old peers; narrowing is range-checked on read.

internal sealed class BoolCodec : IWireCodec<bool>
{
    public void Write(WireWriter writer, uint fieldId, bool value)
    {
        writer.WriteHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt64(value ? 1UL : 0UL);
    }

    public bool Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.VarInt);
        return reader.ReadVarUInt64() != 0;
    }
}

internal sealed class SignedCodec<T> : IWireCodec<T>
    where T : struct
{
    private readonly long _min;
    private readonly long _max;
    private readonly Func<T, long> _widen;
    private readonly Func<long, T> _narrow;

    public SignedCodec(long min, long max, Func<T, long> widen, Func<long, T> narrow)
    {
        _min = min;
        _max = max;
        _widen = widen;
        _narrow = narrow;
    }

    public void Write(WireWriter writer, uint fieldId, T value)
    {
        writer.WriteHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt64(_widen(value));
    }

    public T Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.VarInt);
        var value = reader.ReadVarInt64();
        return value >= _min && value <= _max
            ? _narrow(value)
            : throw new WireFormatException($"{value} is out of range for {typeof(T).Name}.");
    }
}

internal sealed class UnsignedCodec<T> : IWireCodec<T>
    where T : struct
{
    private readonly ulong _max;
    private readonly Func<T, ulong> _widen;
    private readonly Func<ulong, T> _narrow;

    public UnsignedCodec(ulong max, Func<T, ulong> widen, Func<ulong, T> narrow)
    {
        _max = max;
        _widen = widen;
        _narrow = narrow;
    }

    public void Write(WireWriter writer, uint fieldId, T value)
    {
        writer.WriteHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt64(_widen(value));
    }

    public T Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.VarInt);
        var value = reader.ReadVarUInt64();
        return value <= _max ? _narrow(value) : throw new WireFormatException($"{value} is out of range for {typeof(T).Name}.");
    }
}

internal sealed class SingleCodec : IWireCodec<float>
{
    public void Write(WireWriter writer, uint fieldId, float value)
    {
        writer.WriteHeader(fieldId, WireType.Fixed32);
        writer.WriteFixed32(BitConverter.SingleToUInt32Bits(value));
    }

    public float Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.Fixed32);
        return BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
    }
}

internal sealed class DoubleCodec : IWireCodec<double>
{
    public void Write(WireWriter writer, uint fieldId, double value)
    {
        writer.WriteHeader(fieldId, WireType.Fixed64);
        writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
    }

    public double Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.Fixed64);
        return BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
    }
}

/// <summary>Fixed-size values stored as a LengthPrefixed field of exactly <see cref="Size"/> bytes.</summary>
internal abstract class FixedBytesCodec<T> : IWireCodec<T>
{
    protected abstract int Size { get; }

    public void Write(WireWriter writer, uint fieldId, T value)
    {
        writer.WriteHeader(fieldId, WireType.LengthPrefixed);
        Span<byte> bytes = stackalloc byte[Size];
        Encode(value, bytes);
        writer.WriteLengthPrefixed(bytes);
    }

    public T Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.LengthPrefixed);
        var bytes = reader.ReadLengthPrefixed();
        if (bytes.Length != Size)
        {
            throw new WireFormatException($"A {typeof(T).Name} takes {Size} bytes, not {bytes.Length}.");
        }

        try
        {
            return Decode(bytes);
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException($"Invalid {typeof(T).Name}.", exception);
        }
    }

    protected abstract void Encode(T value, Span<byte> bytes);

    protected abstract T Decode(ReadOnlySpan<byte> bytes);
}

internal sealed class DecimalCodec : FixedBytesCodec<decimal>
{
    protected override int Size => 16;

    protected override void Encode(decimal value, Span<byte> bytes)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes[(i * 4)..], bits[i]);
        }
    }

    protected override decimal Decode(ReadOnlySpan<byte> bytes)
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }

        return new decimal(bits);
    }
}

internal sealed class GuidCodec : FixedBytesCodec<Guid>
{
    protected override int Size => 16;

    protected override void Encode(Guid value, Span<byte> bytes) => value.TryWriteBytes(bytes);

    protected override Guid Decode(ReadOnlySpan<byte> bytes) => new(bytes);
}

internal sealed class Int128Codec : FixedBytesCodec<Int128>
{
    protected override int Size => 16;

    protected override void Encode(Int128 value, Span<byte> bytes) => BinaryPrimitives.WriteInt128LittleEndian(bytes, value);

    protected override Int128 Decode(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt128LittleEndian(bytes);
}

internal sealed class UInt128Codec : FixedBytesCodec<UInt128>
{
    protected override int Size => 16;

    protected override void Encode(UInt128 value, Span<byte> bytes) => BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);

    protected override UInt128 Decode(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt128LittleEndian(bytes);
}

/// <summary>Ticks (8 bytes) then the offset in minutes (2 bytes).</summary>
internal sealed class DateTimeOffsetCodec : FixedBytesCodec<DateTimeOffset>
{
    protected override int Size => 10;

    protected override void Encode(DateTimeOffset value, Span<byte> bytes)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value.Ticks);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[8..], (short)value.TotalOffsetMinutes);
    }

    protected override DateTimeOffset Decode(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(bytes), TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(bytes[8..])));
}

/// <summary>DateTime.ToBinary: ticks and Kind (local times are converted through the local zone, as .NET does).</summary>
internal sealed class DateTimeCodec : IWireCodec<DateTime>
{
    public void Write(WireWriter writer, uint fieldId, DateTime value)
    {
        writer.WriteHeader(fieldId, WireType.Fixed64);
        writer.WriteFixed64((ulong)value.ToBinary());
    }

    public DateTime Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.Fixed64);
        var raw = (long)reader.ReadFixed64();
        try
        {
            return DateTime.FromBinary(raw);
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException("Invalid DateTime.", exception);
        }
    }
}

internal sealed class StringCodec : IWireCodec<string>
{
    public void Write(WireWriter writer, uint fieldId, string value)
    {
        writer.WriteHeader(fieldId, WireType.LengthPrefixed);
        writer.WriteStringPayload(value);
    }

    public string Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.LengthPrefixed);
        return reader.ReadStringPayload();
    }
}

/// <summary>Raw bytes; byte arrays are not reference-tracked (a shared array arrives as two copies).</summary>
internal sealed class ByteArrayCodec : IWireCodec<byte[]>
{
    public void Write(WireWriter writer, uint fieldId, byte[] value)
    {
        writer.WriteHeader(fieldId, WireType.LengthPrefixed);
        writer.WriteLengthPrefixed(value);
    }

    public byte[] Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.LengthPrefixed);
        return reader.ReadLengthPrefixed().ToArray();
    }
}

/// <summary>Any value stored as one signed varint, validated on read (TimeSpan, DateOnly, TimeOnly, char).</summary>
internal sealed class VarIntValueCodec<T>(Func<T, long> encode, Func<long, T> decode) : IWireCodec<T>
{
    public void Write(WireWriter writer, uint fieldId, T value)
    {
        writer.WriteHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt64(encode(value));
    }

    public T Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.VarInt);
        var raw = reader.ReadVarInt64();
        try
        {
            return decode(raw);
        }
        catch (Exception exception) when (exception is ArgumentException or OverflowException)
        {
            throw new WireFormatException($"Invalid {typeof(T).Name}.", exception);
        }
    }
}

/// <summary>Enums as their underlying integer (zig-zag varint), so adding members is safe.</summary>
internal sealed class EnumCodec<TEnum> : IWireCodec<TEnum>
    where TEnum : struct, Enum
{
    private static readonly bool IsUnsigned64 = Enum.GetUnderlyingType(typeof(TEnum)) == typeof(ulong);

    public void Write(WireWriter writer, uint fieldId, TEnum value)
    {
        writer.WriteHeader(fieldId, WireType.VarInt);
        writer.WriteVarInt64(ToInt64(value));
    }

    public TEnum Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.VarInt);
        var raw = reader.ReadVarInt64();
        return FromInt64(raw);
    }

    private static long ToInt64(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => typeof(TEnum).GetEnumUnderlyingType() == typeof(sbyte) ? Unsafe.As<TEnum, sbyte>(ref value) : Unsafe.As<TEnum, byte>(ref value),
        2 => typeof(TEnum).GetEnumUnderlyingType() == typeof(short) ? Unsafe.As<TEnum, short>(ref value) : Unsafe.As<TEnum, ushort>(ref value),
        4 => typeof(TEnum).GetEnumUnderlyingType() == typeof(int) ? Unsafe.As<TEnum, int>(ref value) : Unsafe.As<TEnum, uint>(ref value),
        _ => IsUnsigned64 ? (long)Unsafe.As<TEnum, ulong>(ref value) : Unsafe.As<TEnum, long>(ref value),
    };

    private static TEnum FromInt64(long value)
    {
        // Truncation to the underlying size mirrors a C# cast, so an out-of-range number cannot fault.
        var result = default(TEnum);
        switch (Unsafe.SizeOf<TEnum>())
        {
            case 1:
                Unsafe.As<TEnum, byte>(ref result) = (byte)value;
                break;
            case 2:
                Unsafe.As<TEnum, ushort>(ref result) = (ushort)value;
                break;
            case 4:
                Unsafe.As<TEnum, uint>(ref result) = (uint)value;
                break;
            default:
                Unsafe.As<TEnum, long>(ref result) = value;
                break;
        }

        return result;
    }
}

/// <summary>A plain <c>new object()</c>: an empty object.</summary>
internal sealed class ObjectCodec : IWireCodec<object>
{
    public void Write(WireWriter writer, uint fieldId, object value) =>
        writer.WriteEndObject(writer.WriteStartObject(fieldId, value));

    public object Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.StartObject);
        var result = new object();
        reader.RecordObject(field, result);
        var token = reader.EnterObject();
        reader.SkipToEndOfObject();
        reader.ExitObject(token);
        return result;
    }
}

/// <summary>The "type/key" text of a grain id; the default id is the empty string.</summary>
internal sealed class GrainIdCodec : IWireCodec<GrainId>
{
    public void Write(WireWriter writer, uint fieldId, GrainId value)
    {
        writer.WriteHeader(fieldId, WireType.LengthPrefixed);
        writer.WriteStringPayload(value.ToString());
    }

    public GrainId Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.LengthPrefixed);
        var text = reader.ReadStringPayload();
        if (text.Length == 0)
        {
            return default;
        }

        try
        {
            return GrainId.TryParse(text, out var id) ? id : throw new WireFormatException($"'{text}' is not a grain id.");
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException($"'{text}' is not a grain id.", exception);
        }
    }
}
