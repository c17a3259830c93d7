using System.Text;
using Granary.Grains.Catalog;

namespace Granary.Silo.ReadModels;

/// <summary>How both listing stores lower-case and match search text, identically whatever the database's locale.</summary>
internal static class CatalogSearchText
{
    public const char Escape = '\\';

    /// <summary>The shortest text a trigram index can find: shorter ones are matched by scanning.</summary>
    public const int MinIndexedLength = 3;

    public static string For(ProductView product) => $"{product.Name} {product.Description}".ToLowerInvariant();

    /// <summary>The text to look for, lower-cased as <see cref="For"/> lower-cases the listing; null for "everything".</summary>
    public static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, its wildcards escaped; null for "everything".</summary>
    public static string? Pattern(string? text)
    {
        if (Normalize(text) is not { } normalized)
        {
            return null;
        }

        var pattern = new StringBuilder("%");
        foreach (var c in normalized)
        {
            if (c is '%' or '_' or Escape)
            {
                pattern.Append(Escape);
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    /// <summary>
    /// An FTS5 phrase query matching <paramref name="text"/> anywhere in a trigram index's text, exactly as
    /// <see cref="Pattern"/> matches it with LIKE (every character literal, '%' and '_' included); null when the text is
    /// "everything" or shorter than <see cref="MinIndexedLength"/> characters (code points, as SQLite counts them), which
    /// a trigram index cannot find.
    /// </summary>
    public static string? Phrase(string? text)
    {
        if (Normalize(text) is not { } normalized || normalized.EnumerateRunes().Count() < MinIndexedLength)
        {
            return null;
        }

        // Inside a double-quoted FTS5 string everything is literal but the quote itself, which is doubled.
        return "\"" + normalized.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
