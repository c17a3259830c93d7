namespace Granary.Placement;

/// <summary>
/// New activations of this grain class go to a random active silo instead of the silo its id hashes to.
/// Where each one lives is recorded in the grain directory so every silo finds the same activation.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RandomPlacementAttribute : Attribute;
