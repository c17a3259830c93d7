namespace Granary.Serialization;

/// <summary>
/// Caches, per static type, whether every value of it is immutable, so copying an int or a string
/// result costs a field read and no boxing.
/// </summary>
internal static class ImmutableTypeCheck<T>
{
    public static readonly bool IsSealedImmutable =
        (typeof(T).IsValueType || typeof(T).IsSealed) && KnownImmutableTypes.IsImmutable(typeof(T));
}
