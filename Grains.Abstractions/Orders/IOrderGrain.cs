using Orleans.Concurrency;

namespace Granary.Grains.Orders;

/// <summary>
/// One order and its saga: reserve every line (all or nothing), charge, confirm; compensate on any failure.
/// Keyed by <see cref="OrderIds.For"/>, which makes placement idempotent per user and idempotency key.
/// </summary>
public interface IOrderGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Places the order and runs its saga to a final state. The same request again returns the same order (charged
    /// once); another body under the same key is an <see cref="Errors.IdempotencyConflictException"/>.
    /// </summary>
    Task<OrderView> Place(PlaceOrder command);

    /// <summary>The order as last persisted, or null when none was placed; answers even while the saga runs.</summary>
    [AlwaysInterleave]
    Task<OrderView?> Get();

    /// <summary>
    /// Cancels for <paramref name="userId"/> (the buyer): releases or returns stock and refunds once.
    /// <see cref="Errors.OrderNotCancellableException"/> once rejected, failed or cancelled.
    /// </summary>
    Task<OrderView> Cancel(Guid userId);
}
