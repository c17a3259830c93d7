namespace Granary.Grains.Payments;

public enum PaymentStatus
{
    /// <summary>Nothing was charged for the order.</summary>
    None,

    /// <summary>The amount was taken.</summary>
    Captured,

    /// <summary>The provider refused the charge; nothing was taken.</summary>
    Declined,

    /// <summary>The captured amount was given back.</summary>
    Refunded,

    /// <summary>Closed before any charge: a later charge for this order is declined.</summary>
    Voided,
}
