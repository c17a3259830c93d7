namespace Granary.Grains.Payments;

/// <summary>Card tokens the simulated provider treats specially; any other token pays.</summary>
public static class PaymentTokens
{
    public const string Ok = "tok_ok";
    public const string Decline = "tok_decline";
    public const string Slow = "tok_slow";
    public const int MaxLength = 128;
}
