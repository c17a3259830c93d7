namespace Granary.Serialization;

/// <summary>Copies a value graph so that no mutable object is shared between caller and callee.</summary>
public interface IDeepCopier
{
    /// <summary>A deep copy; immutable values come back as they are.</summary>
    /// <exception cref="CopierNotFoundException">A type in the graph has no copier.</exception>
    T Copy<T>(T value);
}
