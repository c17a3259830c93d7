namespace Granary.Grains.Errors;

/// <summary>An order line names a product that is no longer sold.</summary>
[GenerateSerializer, Alias("granary.product-discontinued")]
public sealed class ProductDiscontinuedException(string message) : DomainException("product-discontinued", message)
{
    public override DomainErrorKind Kind => DomainErrorKind.Unprocessable;
}
