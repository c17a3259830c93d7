using System.Text;

namespace Granary.Serialization.Wire;

/// <summary>
/// Wire ids of grain interfaces and methods: FNV-1a (32-bit) of the UTF-8 stable name. The code generator
/// computes the same hash at build time; both must never change (house rule 5).
/// </summary>
internal static class WireIds
{
    public static uint Hash(string stableName)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(stableName))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
