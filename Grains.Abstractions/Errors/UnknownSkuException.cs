namespace Granary.Grains.Errors;

/// <summary>No product exists with the given SKU(s).</summary>
[GenerateSerializer, Alias("granary.unknown-sku")]
public sealed class UnknownSkuException(IReadOnlyList<string> skus)
    : DomainException("unknown-sku", $"Unknown SKU: {string.Join(", ", skus)}.")
{
    [Id(0)]
    public string[] Skus { get; private set; } = [.. skus];

    public override DomainErrorKind Kind => DomainErrorKind.Unprocessable;
}
