using Microsoft.Extensions.Configuration;

namespace Granary.Benchmarks.Grains;

/// <summary>The bench's name for a silo (<c>Bench:SiloName</c>, set by whoever starts it), which grains report.</summary>
internal static class SiloName
{
    public const string Key = "Bench:SiloName";

    public static string Of(IConfiguration configuration) => configuration[Key] ?? "unnamed";
}
