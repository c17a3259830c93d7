namespace Granary.Grains.Payments;

/// <summary>The simulated payment provider (<c>Granary:Payments</c>).</summary>
public sealed class PaymentOptions
{
    public const string SectionName = "Granary:Payments";

    /// <summary>How long a charge with <c>tok_slow</c> takes to answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);
}
