using System.Text;
using Granary.Grains.Catalog;

namespace Granary.Silo.ReadModels;

/// <summary>How both listing stores lower-case and match search text, identically whatever the database's locale.</summary>
internal static class CatalogSearchText
{
    public const char Escape = '\\';

    public static string For(ProductView product) => $"{product.Name} {product.Description}".ToLowerInvariant();

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, its wildcards escaped; null for "everything".</summary>
    public static string? Pattern(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var pattern = new StringBuilder("%");
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (c is '%' or '_' or Escape)
            {
                pattern.Append(Escape);
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }
}
