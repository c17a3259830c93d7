namespace Granary.Placement;

/// <summary>
/// New activations of this grain class go to the silo of the first caller (a random silo when the caller
/// is a client). Where each one lives is recorded in the grain directory so every silo finds it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class PreferLocalPlacementAttribute : Attribute;
