namespace Granary.Serialization;

/// <summary>
/// The stable wire id of a serialized member. Ids are never renumbered or reused, so old and new
/// versions of a type can read each other.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdAttribute(uint id) : Attribute
{
    public uint Id { get; } = id;
}
