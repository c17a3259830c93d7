using System.Reflection;

namespace Granary.Hosting;

/// <summary>
/// Assemblies named explicitly as holding grains, in addition to those found from the loaded ones
/// (needed when nothing in the host references a grain assembly statically).
/// </summary>
internal sealed class ApplicationParts
{
    public List<Assembly> Assemblies { get; } = [];
}
