namespace Granary.Runtime;

/// <summary>Why an activation is going away, handed to <c>OnDeactivateAsync</c>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    public static DeactivationReason Idle { get; } =
        new(DeactivationReasonCode.ActivationIdle, "The activation was idle longer than its collection age.");

    public static DeactivationReason ApplicationRequested { get; } =
        new(DeactivationReasonCode.ApplicationRequested, "The grain asked to be deactivated.");

    public static DeactivationReason ShuttingDown { get; } =
        new(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");

    public static DeactivationReason Rebalanced { get; } =
        new(DeactivationReasonCode.Rebalanced, "Membership changed and another silo now owns this grain.");

    public override string ToString() => $"{Code}: {Description}";
}
