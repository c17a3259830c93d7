namespace Granary.Grains.Common;

/// <summary>An amount in integer minor units (cents) of an ISO 4217 currency; never floating point.</summary>
[GenerateSerializer, Immutable, Alias("granary.money")]
public readonly record struct Money(long Amount, string Currency)
{
    public Money Add(Money other)
    {
        if (!string.Equals(Currency, other.Currency, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot add {other.Currency} to {Currency}.");
        }

        return this with { Amount = checked(Amount + other.Amount) };
    }

    public Money Times(int quantity) => this with { Amount = checked(Amount * quantity) };

    /// <summary>True for three upper-case ASCII letters (the shape of an ISO 4217 code).</summary>
    public static bool IsCurrencyCode(string? code)
        => code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    public override string ToString() => $"{Amount} {Currency}";
}
