using System.Collections.Immutable;
using Granary.Grains.Common;
using Granary.Grains.Payments;

namespace Granary.Grains.Orders;

/// <summary>A buyer's request. The order grain's key is <see cref="OrderIds.For"/>(user, idempotency key).</summary>
[GenerateSerializer, Immutable, Alias("granary.place-order")]
public sealed record PlaceOrder(Guid UserId, string IdempotencyKey, ImmutableArray<OrderLine> Items, string PaymentToken)
{
    public const int MaxLines = 100;
    public const int MaxIdempotencyKeyLength = 128;

    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.Require(UserId != Guid.Empty, "userId", "is required");
        errors.Require(IdempotencyKey is { Length: > 0 and <= MaxIdempotencyKeyLength }, "idempotencyKey",
            $"must be 1–{MaxIdempotencyKeyLength} characters");
        errors.RequireText(PaymentToken, "payment.token", PaymentTokens.MaxLength);
        if (Items.IsDefaultOrEmpty)
        {
            errors.Add("items", "must name at least one product");
        }
        else
        {
            errors.Require(Items.Length <= MaxLines, "items", $"must have at most {MaxLines} lines");
            for (var i = 0; i < Items.Length && i < MaxLines; i++)
            {
                var line = Items[i];
                errors.Check(line?.Sku, $"items[{i}].sku");
                errors.Require(line is { Quantity: >= 1 and <= OrderLine.MaxQuantity }, $"items[{i}].quantity",
                    $"must be between 1 and {OrderLine.MaxQuantity}");
            }
        }

        errors.ThrowIfAny();
    }
}
