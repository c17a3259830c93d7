using System.Reflection;
using Granary.Metadata;

namespace Granary.Metadata;

/// <summary>
/// Builds the <see cref="GranaryManifest"/> once at start-up from every loaded assembly (and the
/// assemblies they reference) that carries a generated <see cref="GranaryManifestAttribute"/>.
/// </summary>
internal static class ManifestLoader
{
    public static GranaryManifest Load(IEnumerable<Assembly> additionalAssemblies)
    {
        var abstractions = typeof(IGrain).Assembly.GetName().Name;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(AppDomain.CurrentDomain.GetAssemblies().Concat(additionalAssemblies));
        var manifest = new GranaryManifest();
        while (pending.TryDequeue(out var assembly))
        {
            if (assembly.IsDynamic || !seen.Add(assembly.FullName ?? assembly.GetName().Name!))
            {
                continue;
            }

            var references = assembly.GetReferencedAssemblies();
            var isGrainAssembly = assembly.GetName().Name == abstractions
                || references.Any(r => r.Name == abstractions);
            if (!isGrainAssembly && !IsApplicationAssembly(assembly))
            {
                continue;
            }

            foreach (var attribute in assembly.GetCustomAttributes<GranaryManifestAttribute>())
            {
                ((IGranaryManifestProvider)Activator.CreateInstance(attribute.ProviderType)!).Populate(manifest);
            }

            foreach (var reference in references)
            {
                if (!IsFrameworkAssembly(reference) && TryLoad(reference) is { } loaded)
                {
                    pending.Enqueue(loaded);
                }
            }
        }

        return manifest;
    }

    // Application assemblies may reach grain assemblies only transitively, so walk through them too.
    private static bool IsApplicationAssembly(Assembly assembly) => !IsFrameworkAssembly(assembly.GetName());

    private static bool IsFrameworkAssembly(AssemblyName name) =>
        name.Name is null
        || name.Name.StartsWith("System", StringComparison.Ordinal)
        || name.Name.StartsWith("Microsoft", StringComparison.Ordinal)
        || name.Name.StartsWith("netstandard", StringComparison.Ordinal)
        || name.Name.StartsWith("mscorlib", StringComparison.Ordinal)
        || name.Name.StartsWith("xunit", StringComparison.Ordinal)
        || name.Name.StartsWith("Npgsql", StringComparison.Ordinal)
        || name.Name.StartsWith("SQLitePCL", StringComparison.Ordinal)
        || name.Name.StartsWith("BenchmarkDotNet", StringComparison.Ordinal);

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
