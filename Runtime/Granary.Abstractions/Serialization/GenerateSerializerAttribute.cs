namespace Granary.Serialization;

/// <summary>
/// Asks the code generator for a deep copier of this type, so values of it can be passed to and
/// returned from grain calls without sharing mutable objects between caller and grain.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum, Inherited = false)]
public sealed class GenerateSerializerAttribute : Attribute;
