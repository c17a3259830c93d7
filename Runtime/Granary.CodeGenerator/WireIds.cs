using System.Text;

namespace Granary.CodeGenerator
{
    /// <summary>
    /// Wire ids of grain interfaces and methods: FNV-1a (32-bit) of the UTF-8 stable name. Must match
    /// Granary.Serialization.Wire.WireIds in the runtime, and never change.
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
}
