using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Granary.Invocation;
using Granary.Metadata;

namespace Granary.Serialization.Wire;

/// <summary>
/// Finds the wire codec for a type (generated ones from the manifest, then built-ins) and maps types to their
/// wire identities: short built-in ids, stable names ([Alias] or full name) and grain interface ids. Each type is
/// resolved once and cached.
/// </summary>
internal sealed class WireCodecRegistry : IWireSession
{
    private readonly GranaryManifest _manifest;
    private readonly ConcurrentDictionary<Type, object> _codecs = new();
    private readonly ConcurrentDictionary<Type, IUntypedWireCodec> _untyped = new();
    private readonly ConcurrentDictionary<Type, bool> _serializable = new();
    private readonly ConcurrentDictionary<Type, string> _names = new();
    private readonly ConcurrentDictionary<string, Type> _resolvedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type?> _knownNames = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, Type> _interfacesById = [];
    private readonly Dictionary<Type, uint> _interfaceIds = [];

    public WireCodecRegistry(GranaryManifest manifest, IGrainReferenceActivator? grainReferenceActivator = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _manifest = manifest;
        GrainReferenceActivator = grainReferenceActivator;
        foreach (var type in manifest.Codecs.Keys.Concat(manifest.GenericCodecs.Keys).Concat(manifest.Interfaces.Keys))
        {
            // Two types with one name (e.g. two versions of a type in one process) make the name ambiguous here.
            var name = GetTypeName(type);
            _knownNames[name] = _knownNames.TryGetValue(name, out var existing) && existing != type ? null : type;
        }

        foreach (var grainInterface in manifest.Interfaces.Keys)
        {
            var id = manifest.InterfaceIds.TryGetValue(grainInterface, out var generated) ? generated : WireIds.Hash(GetTypeName(grainInterface));
            _interfaceIds[grainInterface] = id;
            _interfacesById[id] = _interfacesById.TryGetValue(id, out var clash) && clash != grainInterface
                ? throw new InvalidOperationException($"Grain interfaces {clash} and {grainInterface} have the same wire id; give one an [Alias].")
                : grainInterface;
        }

        foreach (var (type, codec) in BuiltInCodecs())
        {
            _codecs[type] = codec;
        }
    }

    public IGrainReferenceActivator? GrainReferenceActivator { get; }

    public IWireCodec<T> GetCodec<T>()
    {
        if (_codecs.TryGetValue(typeof(T), out var codec))
        {
            return (IWireCodec<T>)codec;
        }

        return (IWireCodec<T>)_codecs.GetOrAdd(typeof(T), static (type, self) => self.Create(type), this);
    }

    /// <summary>Whether values of <paramref name="type"/> itself can be written (its members are checked when written).</summary>
    public bool CanSerialize(Type type) =>
        _serializable.GetOrAdd(type, static (t, self) =>
        {
            var codec = self._codecs.GetOrAdd(t, static (type, registry) => registry.Create(type), self);
            return !(codec.GetType().IsGenericType && codec.GetType().GetGenericTypeDefinition() == typeof(MissingCodec<>));
        }, this);

    public IUntypedWireCodec GetUntypedCodec(Type type) =>
        _untyped.GetOrAdd(type, static (t, self) => self.CreateUntyped(t), this);

    public bool TryGetBuiltInTypeId(Type type, out uint id) => WireTypeIds.TryGetId(type, out id);

    public Type? GetBuiltInType(uint id) => WireTypeIds.GetType(id);

    public string GetTypeName(Type type) =>
        _names.GetOrAdd(type, static t => t.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias ?? t.FullName ?? t.Name);

    public Type? ResolveTypeName(string name)
    {
        if (_knownNames.TryGetValue(name, out var known))
        {
            return known;
        }

        if (_resolvedNames.TryGetValue(name, out var resolved))
        {
            return resolved;
        }

        // Not generated here: only exceptions and enums are looked up among loaded assemblies (no assembly is
        // loaded because of a name on the wire). Misses are not cached, so a peer cannot grow the cache.
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            Type? candidate;
            try
            {
                candidate = assembly.GetType(name, throwOnError: false);
            }
            catch (Exception exception) when (exception is ArgumentException or FileLoadException or BadImageFormatException)
            {
                return null;
            }

            if (candidate is not null && (candidate.IsEnum || typeof(Exception).IsAssignableFrom(candidate)))
            {
                return _resolvedNames.GetOrAdd(name, candidate);
            }
        }

        return null;
    }

    public Type GetWireType(Type runtimeType) =>
        typeof(Exception).IsAssignableFrom(runtimeType) ? typeof(Exception)
        : typeof(GrainReference).IsAssignableFrom(runtimeType) ? typeof(GrainReference)
        : runtimeType;

    public uint GetInterfaceId(Type interfaceType) =>
        _interfaceIds.TryGetValue(interfaceType, out var id) ? id : WireIds.Hash(GetTypeName(interfaceType));

    public Type? GetInterface(uint interfaceId) => _interfacesById.GetValueOrDefault(interfaceId);

    private IUntypedWireCodec CreateUntyped(Type type)
    {
        if (type.ContainsGenericParameters || type.IsByRef || type.IsPointer || type.IsByRefLike || type == typeof(void))
        {
            // Open generic definitions and the like (a type id can name List<> alone): nothing can hold their values.
            return new UntypedCodec<object>(new MissingCodec<object>());
        }

        try
        {
            var typed = typeof(WireCodecRegistry).GetMethod(nameof(GetCodec))!.MakeGenericMethod(type).Invoke(this, null)!;
            return (IUntypedWireCodec)Activator.CreateInstance(typeof(UntypedCodec<>).MakeGenericType(type), typed)!;
        }
        catch (ArgumentException)
        {
            // Open generic definitions, pointers, byref-likes and the like: nothing can hold their values.
            return new UntypedCodec<object>(new MissingCodec<object>());
        }
    }

    private object Create(Type type)
    {
        var codec = TryCreate(type);
        return codec ?? Activator.CreateInstance(typeof(MissingCodec<>).MakeGenericType(type))!;
    }

    private object? TryCreate(Type type)
    {
        if (_manifest.Codecs.TryGetValue(type, out var generated))
        {
            return generated;
        }

        if (type.IsEnum)
        {
            return Instantiate(typeof(EnumCodec<>), type);
        }

        if (typeof(Exception).IsAssignableFrom(type))
        {
            return Derived(type, typeof(Exception));
        }

        if (typeof(GrainReference).IsAssignableFrom(type)
            || (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type)))
        {
            return Derived(type, typeof(GrainReference));
        }

        if (type.IsSZArray)
        {
            return Instantiate(typeof(ArrayCodec<>), type.GetElementType()!);
        }

        if (!type.IsConstructedGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GenericTypeArguments;
        if (_manifest.GenericCodecs.TryGetValue(definition, out var openCodec))
        {
            return Activator.CreateInstance(openCodec.MakeGenericType(arguments));
        }

        var builtIn =
            definition == typeof(List<>) ? typeof(ListCodec<>)
            : definition == typeof(Dictionary<,>) ? typeof(DictionaryCodec<,>)
            : definition == typeof(HashSet<>) ? typeof(HashSetCodec<>)
            : definition == typeof(Queue<>) ? typeof(QueueCodec<>)
            : definition == typeof(KeyValuePair<,>) ? typeof(KeyValuePairCodec<,>)
            : definition == typeof(ValueTuple<,>) ? typeof(ValueTupleCodec<,>)
            : definition == typeof(ValueTuple<,,>) ? typeof(ValueTupleCodec<,,>)
            : definition == typeof(ValueTuple<,,,>) ? typeof(ValueTupleCodec<,,,>)
            : definition == typeof(Nullable<>) ? typeof(NullableCodec<>)
            : definition == typeof(Immutable<>) ? typeof(ImmutableWrapperCodec<>)
            : definition == typeof(ImmutableArray<>) ? typeof(ImmutableArrayCodec<>)
            : definition == typeof(ImmutableList<>) ? typeof(ImmutableListCodec<>)
            : null;
        return builtIn is null ? null : Activator.CreateInstance(builtIn.MakeGenericType(arguments));
    }

    private object Derived(Type type, Type baseType)
    {
        var baseCodec = _codecs[baseType];
        return type == baseType ? baseCodec : Instantiate(typeof(DerivedTypeCodec<,>), [type, baseType], baseCodec);
    }

    private static object Instantiate(Type openCodec, Type argument) => Activator.CreateInstance(openCodec.MakeGenericType(argument))!;

    private static object Instantiate(Type openCodec, Type[] arguments, object inner) =>
        Activator.CreateInstance(openCodec.MakeGenericType(arguments), inner)!;

    private IEnumerable<(Type Type, object Codec)> BuiltInCodecs()
    {
        yield return (typeof(bool), new BoolCodec());
        yield return (typeof(char), new VarIntValueCodec<char>(static v => v, static v => checked((char)v)));
        yield return (typeof(sbyte), new SignedCodec<sbyte>(sbyte.MinValue, sbyte.MaxValue, static v => v, static v => (sbyte)v));
        yield return (typeof(short), new SignedCodec<short>(short.MinValue, short.MaxValue, static v => v, static v => (short)v));
        yield return (typeof(int), new SignedCodec<int>(int.MinValue, int.MaxValue, static v => v, static v => (int)v));
        yield return (typeof(long), new SignedCodec<long>(long.MinValue, long.MaxValue, static v => v, static v => v));
        yield return (typeof(nint), new SignedCodec<nint>(nint.MinValue, nint.MaxValue, static v => v, static v => (nint)v));
        yield return (typeof(byte), new UnsignedCodec<byte>(byte.MaxValue, static v => v, static v => (byte)v));
        yield return (typeof(ushort), new UnsignedCodec<ushort>(ushort.MaxValue, static v => v, static v => (ushort)v));
        yield return (typeof(uint), new UnsignedCodec<uint>(uint.MaxValue, static v => v, static v => (uint)v));
        yield return (typeof(ulong), new UnsignedCodec<ulong>(ulong.MaxValue, static v => v, static v => v));
        yield return (typeof(nuint), new UnsignedCodec<nuint>(nuint.MaxValue, static v => v, static v => (nuint)v));
        yield return (typeof(float), new SingleCodec());
        yield return (typeof(double), new DoubleCodec());
        yield return (typeof(decimal), new DecimalCodec());
        yield return (typeof(Int128), new Int128Codec());
        yield return (typeof(UInt128), new UInt128Codec());
        yield return (typeof(string), new StringCodec());
        yield return (typeof(byte[]), new ByteArrayCodec());
        yield return (typeof(Guid), new GuidCodec());
        yield return (typeof(DateTime), new DateTimeCodec());
        yield return (typeof(DateTimeOffset), new DateTimeOffsetCodec());
        yield return (typeof(TimeSpan), new VarIntValueCodec<TimeSpan>(static v => v.Ticks, static v => TimeSpan.FromTicks(v)));
        yield return (typeof(DateOnly), new VarIntValueCodec<DateOnly>(static v => v.DayNumber, static v => DateOnly.FromDayNumber(checked((int)v))));
        yield return (typeof(TimeOnly), new VarIntValueCodec<TimeOnly>(static v => v.Ticks, static v => new TimeOnly(v)));
        yield return (typeof(GrainId), new GrainIdCodec());
        yield return (typeof(object), new ObjectCodec());
        yield return (typeof(Exception), new ExceptionCodec(this));
        yield return (typeof(GrainReference), new GrainReferenceCodec(this));
    }
}
