namespace Granary.Serialization;

/// <summary>
/// The runtime's copier for call arguments and results. Null and immutable values cost nothing;
/// a copy context (for shared references and cycles) is created only when something is copied.
/// </summary>
internal sealed class DeepCopier(CopierRegistry registry) : IDeepCopier
{
    public T Copy<T>(T value)
    {
        if (value is null || ImmutableTypeCheck<T>.IsSealedImmutable)
        {
            return value;
        }

        var copier = registry.Get(value.GetType());
        if (copier.IsImmutable)
        {
            return value;
        }

        return new ReferenceTrackingCopyContext(registry).Copy(value);
    }
}
