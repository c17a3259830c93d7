using System.Text.RegularExpressions;

namespace Granary.Persistence.Relational;

/// <summary>Table and schema names are spliced into SQL text, so only plain identifiers are accepted.</summary>
internal static partial class StorageIdentifier
{
    public const string Rule = "use letters, digits and underscores, starting with a letter or underscore, at most 63 characters";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
