using System.Globalization;
using System.Reflection;

namespace Granary.Extensions.Schema;

/// <summary>
/// The schema scripts embedded in this assembly, read from resources named
/// <c>Granary.Schema/&lt;Database&gt;/&lt;module&gt;.&lt;version&gt;.&lt;what&gt;.sql</c>
/// (source: <c>Extensions/Schema/Scripts</c>).
/// </summary>
public static class SchemaScripts
{
    private const string Prefix = "Granary.Schema/";

    /// <summary>Every script for <paramref name="database"/>, ordered by module, then version.</summary>
    public static IReadOnlyList<SchemaScript> For(DatabaseKind database)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var folder = Prefix + database + "/";
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(folder, StringComparison.Ordinal))
            {
                continue;
            }

            scripts.Add(Read(assembly, resource, resource[folder.Length..]));
        }

        return [.. scripts.OrderBy(script => script.Module, StringComparer.Ordinal).ThenBy(script => script.Version)];
    }

    private static SchemaScript Read(Assembly assembly, string resource, string fileName)
    {
        // <module>.<version>.<what>.sql
        var parts = fileName.Split('.');
        if (parts.Length < 4 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            throw new InvalidOperationException($"Schema script '{fileName}' is not named <module>.<version>.<what>.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema script resource '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return new SchemaScript(parts[0], version, fileName, reader.ReadToEnd());
    }
}
