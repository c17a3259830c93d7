using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Granary;

/// <summary>
/// The identity of a grain: its <see cref="GrainType"/> plus a key. Stable across restarts and processes;
/// its <see cref="GetUniformHashCode"/> is the same on every machine, so placement can hash it.
/// </summary>
[JsonConverter(typeof(GrainIdJsonConverter))]
public readonly struct GrainId : IEquatable<GrainId>, IComparable<GrainId>, ISpanFormattable
{
    private readonly uint _hash;

    private GrainId(GrainType type, string key)
    {
        Type = type;
        Key = key;
        _hash = StableHash.Of(type.Value, key);
    }

    public GrainType Type { get; }

    /// <summary>The key in its canonical text form (see <see cref="GrainKeyFormat"/>).</summary>
    public string Key { get; }

    public bool IsDefault => Key is null;

    public static GrainId Create(GrainType type, string key)
    {
        ArgumentNullException.ThrowIfNull(type.Value, nameof(type));
        ArgumentNullException.ThrowIfNull(key);
        return new GrainId(type, key);
    }

    /// <summary>Parses the "type/key" form produced by <see cref="ToString()"/>.</summary>
    public static GrainId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var id)
            ? id
            : throw new FormatException($"'{value}' is not a grain id: expected 'type/key'.");
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out GrainId grainId)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (value is null || slash <= 0)
        {
            grainId = default;
            return false;
        }

        grainId = new GrainId(new GrainType(value[..slash]), value[(slash + 1)..]);
        return true;
    }

    /// <summary>A hash that is identical in every process and on every machine.</summary>
    public uint GetUniformHashCode() => _hash;

    public bool Equals(GrainId other) =>
        _hash == other._hash
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Type.Value, other.Type.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => (int)_hash;

    public int CompareTo(GrainId other)
    {
        var byType = string.CompareOrdinal(Type.Value, other.Type.Value);
        return byType != 0 ? byType : string.CompareOrdinal(Key, other.Key);
    }

    public override string ToString() => IsDefault ? string.Empty : $"{Type.Value}/{Key}";

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite($"{Type.Value}/{Key}", out charsWritten);

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    public static bool operator <(GrainId left, GrainId right) => left.CompareTo(right) < 0;

    public static bool operator >(GrainId left, GrainId right) => left.CompareTo(right) > 0;

    public static bool operator <=(GrainId left, GrainId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(GrainId left, GrainId right) => left.CompareTo(right) >= 0;
}
