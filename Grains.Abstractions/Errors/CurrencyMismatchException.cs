namespace Granary.Grains.Errors;

/// <summary>The products of one order are priced in different currencies.</summary>
[GenerateSerializer, Alias("granary.currency-mismatch")]
public sealed class CurrencyMismatchException(string message) : DomainException("currency-mismatch", message)
{
    public override DomainErrorKind Kind => DomainErrorKind.Unprocessable;
}
