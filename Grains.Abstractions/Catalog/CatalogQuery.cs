using Granary.Grains.Common;

namespace Granary.Grains.Catalog;

/// <summary>A page of the catalog listing, optionally filtered by a case-insensitive text search.</summary>
[GenerateSerializer, Immutable, Alias("granary.catalog-query")]
public sealed record CatalogQuery(string? Text, int Page, int PageSize)
{
    public const int MaxPageSize = 100;
    public const int MaxTextLength = 200;

    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.Require(Page >= 1, "page", "must be 1 or more");
        errors.Require(PageSize is >= 1 and <= MaxPageSize, "pageSize", $"must be between 1 and {MaxPageSize}");
        errors.Require(Text is null || Text.Length <= MaxTextLength, "query", $"must be at most {MaxTextLength} characters");
        errors.ThrowIfAny();
    }
}
