using Granary.Invocation;

namespace Granary.Serialization;

/// <summary>
/// Types whose values can be shared between caller and grain because nothing can mutate them.
/// The code generator applies the same list statically; this is the runtime check for values whose
/// static type is object, a base class or a generic parameter.
/// </summary>
internal static class KnownImmutableTypes
{
    private static readonly HashSet<Type> Exact =
    [
        typeof(string), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(Version), typeof(CancellationToken),
        typeof(GrainId), typeof(GrainType), typeof(Half), typeof(Int128), typeof(UInt128), typeof(System.Text.Rune),
    ];

    public static bool IsImmutable(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || Exact.Contains(type))
        {
            return true;
        }

        if (typeof(Type).IsAssignableFrom(type)
            || typeof(GrainReference).IsAssignableFrom(type)
            || typeof(Exception).IsAssignableFrom(type)
            || type.IsDefined(typeof(ImmutableAttribute), inherit: false))
        {
            return true;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Immutable<>))
            {
                return true;
            }

            // Nullable<T>, KeyValuePair<K,V>, value tuples and System.Collections.Immutable collections are
            // immutable containers: immutable as a whole when everything they hold is.
            if (definition == typeof(Nullable<>)
                || definition == typeof(KeyValuePair<,>)
                || (type.IsValueType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
                || definition.Namespace == "System.Collections.Immutable")
            {
                return Array.TrueForAll(type.GetGenericArguments(), IsImmutable);
            }
        }

        return false;
    }
}
