namespace Granary.Grains.Payments;

/// <summary>
/// A simulated payment provider's record of one order (keyed by order id): charge and refund are idempotent, so a
/// retried saga step never charges or refunds twice.
/// </summary>
public interface IPaymentGrain : IGrainWithGuidKey
{
    /// <summary>Charges once: a repeated charge answers the first outcome. <c>tok_decline</c> declines, <c>tok_slow</c> answers late.</summary>
    Task<PaymentView> Charge(ChargeRequest request);

    /// <summary>Gives a captured amount back once; closes a payment never charged (<see cref="PaymentStatus.Voided"/>).</summary>
    Task<PaymentView> Refund();

    Task<PaymentView> Get();
}
