namespace Granary.Networking;

/// <summary>Unsigned LEB128 integers: 7 bits per byte, low groups first, high bit set on all but the last byte.</summary>
internal static class VarInt
{
    public const int MaxLength32 = 5;
    public const int MaxLength64 = 10;

    public static int SizeOf(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int Write(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a 32-bit varint; false if it is truncated, longer than 5 bytes, or overflows 32 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out uint value, out int length)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < source.Length && i < MaxLength32; i++)
        {
            var b = source[i];
            if (i == MaxLength32 - 1 && b > 0x0F)
            {
                break;
            }

            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                length = i + 1;
                return true;
            }

            shift += 7;
        }

        value = 0;
        length = 0;
        return false;
    }

    /// <summary>Skips a varint of up to 64 bits (an unknown field of a later minor version); false if malformed.</summary>
    public static bool TrySkip(ReadOnlySpan<byte> source, out int length)
    {
        for (var i = 0; i < source.Length && i < MaxLength64; i++)
        {
            if (source[i] < 0x80)
            {
                length = i + 1;
                return true;
            }
        }

        length = 0;
        return false;
    }
}
