using System.Collections.Immutable;
using Granary.Invocation;

namespace Granary.Serialization.Wire;

/// <summary>
/// Short ids of well-known types and generic definitions, so a typed object of a common type costs a byte
/// or two. Part of the wire format: ids are only ever appended, never reused or renumbered.
/// </summary>
internal static class WireTypeIds
{
    // Index = id. Array stands for single-dimension arrays (a generic construction with one argument);
    // Exception and GrainReference stand for every exception and every grain reference.
    private static readonly Type?[] ById =
    [
        null,
        typeof(object), typeof(bool), typeof(char), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort),
        typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal),
        typeof(string), typeof(byte[]), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(DateOnly), typeof(TimeOnly), typeof(GrainId), typeof(Int128), typeof(UInt128), typeof(Exception),
        typeof(GrainReference), typeof(Array), typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>),
        typeof(KeyValuePair<,>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(Nullable<>), typeof(Immutable<>), typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(Queue<>),
        typeof(nint), typeof(nuint),
    ];

    private static readonly Dictionary<Type, uint> ByType = Enumerable.Range(1, ById.Length - 1)
        .ToDictionary(i => ById[i]!, i => (uint)i);

    public static bool TryGetId(Type type, out uint id) => ByType.TryGetValue(type, out id);

    public static Type? GetType(uint id) => id < ById.Length ? ById[id] : null;
}
