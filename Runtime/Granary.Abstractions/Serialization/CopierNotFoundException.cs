namespace Granary.Serialization;

/// <summary>A value passed to or returned from a grain call has a type the runtime cannot copy.</summary>
public sealed class CopierNotFoundException(Type type)
    : GranaryException(
        $"No copier for type '{type}'. Mark it [GenerateSerializer] (in a project with GranaryCodeGen enabled) "
        + "or [Immutable] if its instances never change.")
{
    public Type Type { get; } = type;
}
