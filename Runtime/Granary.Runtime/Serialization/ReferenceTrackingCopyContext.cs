namespace Granary.Serialization;

/// <summary>
/// One copy operation: dispatches each value to the copier of its runtime type and remembers
/// originals already copied, so shared references and cycles survive the copy.
/// </summary>
internal sealed class ReferenceTrackingCopyContext(CopierRegistry registry) : CopyContext
{
    // Most copies record one object (a flat message): it is kept in fields, and the map is made for the second.
    private object? _firstOriginal;
    private object? _firstCopy;
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

        if (!typeof(T).IsValueType && TryGetRecorded(value, out var existing))
        {
            return (T)existing;
        }

        return copier.TypedCopier is IDeepCopier<T> typed
            ? typed.DeepCopy(value, this)
            : (T)copier.Copy(value, this);
    }

    public override bool TryGetCopy<T>(object original, out T copy)
    {
        if (TryGetRecorded(original, out var existing))
        {
            copy = (T)existing;
            return true;
        }

        copy = null!;
        return false;
    }

    public override void RecordCopy(object original, object copy)
    {
        if (_firstOriginal is null || ReferenceEquals(_firstOriginal, original))
        {
            _firstOriginal = original;
            _firstCopy = copy;
            return;
        }

        _copies ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        _copies[original] = copy;
    }

    private bool TryGetRecorded(object original, out object existing)
    {
        if (ReferenceEquals(_firstOriginal, original))
        {
            existing = _firstCopy!;
            return true;
        }

        if (_copies is not null && _copies.TryGetValue(original, out existing!))
        {
            return true;
        }

        existing = null!;
        return false;
    }

}
