using Granary.Grains.Common;

namespace Granary.Grains.Catalog;

/// <summary>What an admin writes about a product.</summary>
[GenerateSerializer, Immutable, Alias("granary.product-details")]
public sealed record ProductDetails(string Name, string Description, Money Price)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;

    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.RequireText(Name, "name", MaxNameLength);
        errors.RequireText(Description, "description", MaxDescriptionLength, required: false);
        errors.Require(Price.Amount > 0, "price.amount", "must be greater than 0 (minor units)");
        errors.Require(Money.IsCurrencyCode(Price.Currency), "price.currency", "must be a three-letter ISO 4217 code in upper case");
        errors.ThrowIfAny();
    }
}
