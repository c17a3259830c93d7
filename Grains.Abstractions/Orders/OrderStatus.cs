namespace Granary.Grains.Orders;

public enum OrderStatus
{
    /// <summary>Accepted; the saga (reserve, charge, confirm) has not finished.</summary>
    Pending,

    /// <summary>Stock deducted and payment captured, exactly once.</summary>
    Confirmed,

    /// <summary>Not enough stock, or a product was discontinued; nothing is held or charged.</summary>
    Rejected,

    /// <summary>The payment was declined; the reservation was released.</summary>
    PaymentFailed,

    /// <summary>Cancelled by the buyer (or past its deadline): stock released or returned, payment refunded once.</summary>
    Cancelled,
}
