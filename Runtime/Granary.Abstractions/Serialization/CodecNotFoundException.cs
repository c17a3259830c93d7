namespace Granary.Serialization;

/// <summary>A value to be serialized has a type the wire serializer has no codec for.</summary>
public sealed class CodecNotFoundException(Type type)
    : GranaryException(
        $"No wire codec for type '{type}'. Mark it [GenerateSerializer] (in a project with GranaryCodeGen enabled) "
        + "and give each serialized member an [Id].")
{
    public Type Type { get; } = type;
}
