namespace Granary.Serialization;

/// <summary>
/// One copy operation. It remembers objects already copied, so shared references and cycles in the
/// original are shared and cyclic in the copy too.
/// </summary>
public abstract class CopyContext
{
    /// <summary>A deep copy of a nested value (null and immutable values are returned as they are).</summary>
    public abstract T Copy<T>(T value);

    /// <summary>Finds the copy already made of <paramref name="original"/> in this operation.</summary>
    public abstract bool TryGetCopy<T>(object original, out T copy)
        where T : class;

    /// <summary>Records the copy of <paramref name="original"/> before its members are copied.</summary>
    public abstract void RecordCopy(object original, object copy);
}
