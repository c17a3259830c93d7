namespace Granary.Grains.Orders;

/// <summary>Order saga timing (<c>Granary:Orders</c>).</summary>
public sealed class OrderOptions
{
    public const string SectionName = "Granary:Orders";

    /// <summary>
    /// A saga not finished this long after its order was accepted is finished by its reminder: completed when the
    /// payment was captured and the stock is being committed, otherwise compensated (cancelled, stock released,
    /// payment refunded or voided).
    /// </summary>
    public TimeSpan SagaDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reminder fires again while the saga is still not finished (Orleans' minimum is 1 minute).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
