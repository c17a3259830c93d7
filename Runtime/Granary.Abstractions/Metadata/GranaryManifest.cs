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

    public IReadOnlyDictionary<Type, GrainProxyFactoryDelegate> Interfaces => _interfaces;

    public IReadOnlyDictionary<Type, GrainFactoryDelegate> GrainClasses => _grainClasses;

    /// <summary>Copier instances by the exact type they copy (each is an IDeepCopier&lt;T&gt;).</summary>
    public IReadOnlyDictionary<Type, object> Copiers => _copiers;

    /// <summary>Open generic copier types by the open generic type they copy.</summary>
    public IReadOnlyDictionary<Type, Type> GenericCopiers => _genericCopiers;

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
}
