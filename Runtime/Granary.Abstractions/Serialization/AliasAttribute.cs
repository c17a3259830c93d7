namespace Granary.Serialization;

/// <summary>
/// The stable wire name of a type, grain interface or grain method. Without it the wire uses the full type
/// name (or, for methods, the name and parameter types), so renaming or moving the type would break peers
/// running the previous build. Never change an alias once shipped.
/// </summary>
[AttributeUsage(
    AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface | AttributeTargets.Enum | AttributeTargets.Method,
    Inherited = false)]
public sealed class AliasAttribute(string alias) : Attribute
{
    public string Alias { get; } = alias;
}
