namespace Granary.Grains.Common;

/// <summary>Stock-keeping unit codes: 1–64 characters of <c>A-Z a-z 0-9 - _</c>, compared ordinally.</summary>
public static class Sku
{
    public const int MaxLength = 64;

    public static bool IsValid(string? sku)
        => sku is { Length: > 0 and <= MaxLength } && sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Throws a <see cref="Errors.ValidationFailedException"/> naming <paramref name="field"/> when <paramref name="sku"/> is not valid.</summary>
    public static void Validate(string? sku, string field = "sku")
    {
        var errors = new ValidationErrors();
        errors.Check(sku, field);
        errors.ThrowIfAny();
    }

    internal static void Check(this ValidationErrors errors, string? sku, string field)
        => errors.Require(IsValid(sku), field, $"must be 1–{MaxLength} characters of A-Z, a-z, 0-9, '-' or '_'");
}
