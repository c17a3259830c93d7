namespace Granary.Serialization;

/// <summary>
/// One copy operation: dispatches each value to the copier of its runtime type and remembers
/// originals already copied, so shared references and cycles survive the copy.
/// </summary>
internal sealed class ReferenceTrackingCopyContext(CopierRegistry registry) : CopyContext
{
    private Dictionary<object, object>? _copies;

    public override T Copy<T>(T value)
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

        if (!typeof(T).IsValueType && _copies is not null && _copies.TryGetValue(value, out var existing))
        {
            return (T)existing;
        }

        return copier.TypedCopier is IDeepCopier<T> typed
            ? typed.DeepCopy(value, this)
            : (T)copier.Copy(value, this);
    }

    public override bool TryGetCopy<T>(object original, out T copy)
    {
        if (_copies is not null && _copies.TryGetValue(original, out var existing))
        {
            copy = (T)existing;
            return true;
        }

        copy = null!;
        return false;
    }

    public override void RecordCopy(object original, object copy)
    {
        _copies ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        _copies[original] = copy;
    }

}
