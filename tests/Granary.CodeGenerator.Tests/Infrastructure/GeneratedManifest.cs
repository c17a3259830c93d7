using System.Reflection;
using Granary.Metadata;

namespace Granary.CodeGenerator.Tests.Infrastructure;

/// <summary>Finds this assembly's generated manifest the way the runtime does: through the assembly attribute.</summary>
public static class GeneratedManifest
{
    public static GranaryManifest Load()
    {
        var attribute = typeof(GeneratedManifest).Assembly.GetCustomAttribute<GranaryManifestAttribute>()
            ?? throw new InvalidOperationException("The generator emitted no [assembly: GranaryManifest].");
        var provider = (IGranaryManifestProvider)Activator.CreateInstance(attribute.ProviderType)!;
        var manifest = new GranaryManifest();
        provider.Populate(manifest);
        return manifest;
    }
}
