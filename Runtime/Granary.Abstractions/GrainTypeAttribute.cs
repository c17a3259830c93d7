namespace Granary;

/// <summary>Gives a grain class an explicit, rename-proof <see cref="GrainType"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    public string GrainType { get; } = grainType;
}
