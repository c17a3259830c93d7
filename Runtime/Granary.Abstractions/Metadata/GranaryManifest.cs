namespace Granary.Metadata;

/// <summary>
/// Everything generated code knows about an application: grain interfaces and their proxy factories,
/// grain classes and their factories, and copiers. Filled at start-up, then read-only.
/// </summary>
public sealed class GranaryManifest
{
    private readonly Dictionary<Type, GrainProxyFactoryDelegate> _interfaces = [];
    private readonly Dictionary<Type, GrainFactoryDelegate> _grainClasses = [];
    private readonly Dictionary<Type, object> _copiers = [];
    private readonly Dictionary<Type, Type> _genericCopiers = [];
    private readonly Dictionary<Type, object> _codecs = [];
    private readonly Dictionary<Type, Type> _genericCodecs = [];
    private readonly Dictionary<Type, uint> _interfaceIds = [];
    private readonly Dictionary<(uint InterfaceId, uint MethodId), Func<Invocation.GrainRequest>> _requestFactories = [];

    public IReadOnlyDictionary<Type, GrainProxyFactoryDelegate> Interfaces => _interfaces;

    public IReadOnlyDictionary<Type, GrainFactoryDelegate> GrainClasses => _grainClasses;

    /// <summary>Copier instances by the exact type they copy (each is an IDeepCopier&lt;T&gt;).</summary>
    public IReadOnlyDictionary<Type, object> Copiers => _copiers;

    /// <summary>Open generic copier types by the open generic type they copy.</summary>
    public IReadOnlyDictionary<Type, Type> GenericCopiers => _genericCopiers;

    /// <summary>Wire codec instances by the exact type they serialize (each is an IWireCodec&lt;T&gt;).</summary>
    public IReadOnlyDictionary<Type, object> Codecs => _codecs;

    /// <summary>Open generic wire codec types by the open generic type they serialize.</summary>
    public IReadOnlyDictionary<Type, Type> GenericCodecs => _genericCodecs;

    /// <summary>Each grain interface's wire id: the stable hash of its [Alias] or full name.</summary>
    public IReadOnlyDictionary<Type, uint> InterfaceIds => _interfaceIds;

    /// <summary>Factories of empty requests by (interface id, method id), for the receiving side of a call.</summary>
    public IReadOnlyDictionary<(uint InterfaceId, uint MethodId), Func<Invocation.GrainRequest>> RequestFactories => _requestFactories;

    public void AddGrainInterface(Type interfaceType, GrainProxyFactoryDelegate proxyFactory)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(proxyFactory);
        _interfaces[interfaceType] = proxyFactory;
    }

    public void AddGrainClass(Type grainClass, GrainFactoryDelegate factory)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        ArgumentNullException.ThrowIfNull(factory);
        _grainClasses[grainClass] = factory;
    }

    public void AddCopier<T>(Serialization.IDeepCopier<T> copier)
    {
        ArgumentNullException.ThrowIfNull(copier);
        _copiers[typeof(T)] = copier;
    }

    public void AddGenericCopier(Type openGenericType, Type openGenericCopierType)
    {
        ArgumentNullException.ThrowIfNull(openGenericType);
        ArgumentNullException.ThrowIfNull(openGenericCopierType);
        _genericCopiers[openGenericType] = openGenericCopierType;
    }

    public void AddCodec<T>(Serialization.IWireCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _codecs[typeof(T)] = codec;
    }

    public void AddGenericCodec(Type openGenericType, Type openGenericCodecType)
    {
        ArgumentNullException.ThrowIfNull(openGenericType);
        ArgumentNullException.ThrowIfNull(openGenericCodecType);
        _genericCodecs[openGenericType] = openGenericCodecType;
    }

    /// <summary>Registers a grain interface's wire id; two interfaces with the same id cannot both be called remotely.</summary>
    public void AddInterfaceId(Type interfaceType, uint interfaceId)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        _interfaceIds[interfaceType] = interfaceId;
    }

    /// <summary>
    /// Registers how the receiving side creates an empty request for (interface id, method id); the request then
    /// reads its own arguments (it implements <see cref="Serialization.ISerializableRequest"/>).
    /// </summary>
    public void AddRequestCodec(uint interfaceId, uint methodId, Func<Invocation.GrainRequest> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_requestFactories.TryAdd((interfaceId, methodId), factory))
        {
            // Two methods hashing to the same id is either a re-registration of the same assembly or a real clash.
            var existing = _requestFactories[(interfaceId, methodId)]();
            var added = factory();
            if (existing.GetType() != added.GetType())
            {
                throw new InvalidOperationException(
                    $"Grain methods {existing} and {added} have the same wire id ({interfaceId:x8}, {methodId:x8}); give one of them an [Alias].");
            }
        }
    }
}
