using System.Reflection;

namespace Granary.Serialization;

/// <summary>
/// The resolved way to copy one runtime type: share it (immutable), call a typed copier, or fail
/// because nothing can copy it. Holds the typed copier so callers that know the type avoid boxing.
/// </summary>
internal sealed class ObjectCopier
{
    private static readonly MethodInfo UntypedAdapter =
        typeof(ObjectCopier).GetMethod(nameof(CopyUntyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<object, CopyContext, object>? _copyUntyped;
    private readonly Type? _missingType;

    private ObjectCopier(bool isImmutable, object? typedCopier, Func<object, CopyContext, object>? copyUntyped, Type? missingType)
    {
        IsImmutable = isImmutable;
        TypedCopier = typedCopier;
        _copyUntyped = copyUntyped;
        _missingType = missingType;
    }

    public static ObjectCopier Immutable { get; } = new(true, null, null, null);

    public bool IsImmutable { get; }

    /// <summary>An IDeepCopier&lt;T&gt; for the exact type, when one exists.</summary>
    public object? TypedCopier { get; }

    public static ObjectCopier ForTyped(Type type, object typedCopier)
    {
        // Built once per type at resolution time, not per call.
        var adapter = UntypedAdapter.MakeGenericMethod(type)
            .CreateDelegate<Func<object, object, CopyContext, object>>();
        return new ObjectCopier(false, typedCopier, (value, context) => adapter(typedCopier, value, context), null);
    }

    public static ObjectCopier Missing(Type type) => new(false, null, null, type);

    public object Copy(object value, CopyContext context)
    {
        if (IsImmutable)
        {
            return value;
        }

        return _copyUntyped is not null ? _copyUntyped(value, context) : throw new CopierNotFoundException(_missingType!);
    }

    private static object CopyUntyped<T>(object copier, object value, CopyContext context) =>
        ((IDeepCopier<T>)copier).DeepCopy((T)value, context)!;
}
