namespace Granary;

/// <summary>
/// FNV-1a over the UTF-16 code units of the grain type and key. string.GetHashCode is randomised per
/// process, so anything that must agree across silos (placement, partitioning) uses this instead.
/// </summary>
internal static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Of(string type, string key)
    {
        var hash = OffsetBasis;
        hash = Mix(hash, type);
        hash = (hash ^ '/') * Prime;
        return Mix(hash, key);
    }

    private static uint Mix(uint hash, string value)
    {
        foreach (var c in value)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }
}
