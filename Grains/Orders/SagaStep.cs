namespace Granary.Grains.Orders;

/// <summary>Where an order's saga stands; persisted before each step that cannot simply be repeated.</summary>
public enum SagaStep
{
    /// <summary>No order was placed under this id.</summary>
    None,

    /// <summary>Persisted before reserving and charging; both are idempotent by order id, so a resumed saga asks again.</summary>
    Accepted,

    /// <summary>Payment captured: persisted before the reservations become deductions (commit is not repeatable from scratch).</summary>
    Confirming,

    /// <summary>The saga failed or was cancelled while pending: releasing stock and refunding or voiding the payment.</summary>
    Compensating,

    /// <summary>A confirmed order is being cancelled: refunding and returning the stock.</summary>
    Cancelling,

    /// <summary>Final state reached and published.</summary>
    Done,
}
