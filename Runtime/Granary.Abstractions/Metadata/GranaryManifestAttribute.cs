namespace Granary.Metadata;

/// <summary>
/// Points the runtime at an assembly's generated <see cref="IGranaryManifestProvider"/>. Emitted by the
/// code generator; the runtime reads it once at start-up.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GranaryManifestAttribute(Type providerType) : Attribute
{
    public Type ProviderType { get; } = providerType;
}
