using System.Globalization;

namespace Granary;

/// <summary>
/// How each key kind is written into <see cref="GrainId.Key"/>. The forms are part of storage keys,
/// so they never change: Guid as 32 hex digits, long as invariant decimal, compound keys joined by '+'.
/// </summary>
public static class GrainKeyFormat
{
    private const char CompoundSeparator = '+';

    public static string FromString(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key;
    }

    public static string FromGuid(Guid key) => key.ToString("N", CultureInfo.InvariantCulture);

    public static string FromLong(long key) => key.ToString(CultureInfo.InvariantCulture);

    public static string FromGuid(Guid key, string keyExtension)
    {
        ArgumentNullException.ThrowIfNull(keyExtension);
        return string.Concat(FromGuid(key), CompoundSeparator.ToString(), keyExtension);
    }

    public static string FromLong(long key, string keyExtension)
    {
        ArgumentNullException.ThrowIfNull(keyExtension);
        return string.Concat(FromLong(key), CompoundSeparator.ToString(), keyExtension);
    }

    public static Guid ToGuid(string key, out string? keyExtension)
    {
        var head = Split(key, out keyExtension);
        return Guid.TryParseExact(head, "N", out var guid)
            ? guid
            : throw new InvalidOperationException($"Grain key '{key}' is not a Guid key.");
    }

    public static long ToLong(string key, out string? keyExtension)
    {
        var head = Split(key, out keyExtension);
        return long.TryParse(head, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"Grain key '{key}' is not an integer key.");
    }

    private static ReadOnlySpan<char> Split(string key, out string? keyExtension)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(CompoundSeparator, StringComparison.Ordinal);
        if (separator < 0)
        {
            keyExtension = null;
            return key;
        }

        keyExtension = key[(separator + 1)..];
        return key.AsSpan(0, separator);
    }
}
