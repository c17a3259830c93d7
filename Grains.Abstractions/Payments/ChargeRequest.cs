using Granary.Grains.Common;

namespace Granary.Grains.Payments;

/// <summary>A charge for one order; the payment grain's key is the order id.</summary>
[GenerateSerializer, Immutable, Alias("granary.charge-request")]
public sealed record ChargeRequest(Guid UserId, Money Amount, string Token);
