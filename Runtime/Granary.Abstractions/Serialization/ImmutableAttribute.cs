namespace Granary.Serialization;

/// <summary>
/// Declares that instances of this type are never mutated after construction, so grain calls may pass
/// them by reference without copying.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
