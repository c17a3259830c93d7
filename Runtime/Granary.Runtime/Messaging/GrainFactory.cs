using System.Collections.Concurrent;
using Granary.Activation;
using Granary.Invocation;
using Granary.Metadata;
using Granary.Serialization;

namespace Granary.Messaging;

/// <summary>
/// Creates typed grain references. Resolving an interface to its grain class and proxy factory happens
/// once per interface; after that a reference costs one small allocation and no I/O.
/// </summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainReferenceRuntime runtime) : IGrainFactory, IGrainReferenceActivator
{
    private readonly ConcurrentDictionary<Type, Binding> _bindings = new();

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey =>
        Create<TGrainInterface>(GrainKeyFormat.FromString(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainKeyFormat.FromGuid(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainKeyFormat.FromLong(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey =>
        Create<TGrainInterface>(GrainKeyFormat.FromGuid(primaryKey, keyExtension));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey =>
        Create<TGrainInterface>(GrainKeyFormat.FromLong(primaryKey, keyExtension));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        return (TGrainInterface)(object)registry.CreateReference(typeof(TGrainInterface), runtime, grainId);
    }

    /// <summary>Re-creates a grain reference read from the wire, bound to this silo's call path.</summary>
    public GrainReference CreateReference(GrainId grainId, Type interfaceType) => registry.CreateReference(interfaceType, runtime, grainId);

    private TGrainInterface Create<TGrainInterface>(string key)
    {
        var binding = _bindings.GetOrAdd(typeof(TGrainInterface), static (type, self) => self.Bind(type), this);
        return (TGrainInterface)(object)binding.ProxyFactory(runtime, GrainId.Create(binding.GrainType, key));
    }

    private Binding Bind(Type interfaceType) =>
        new(registry.GetByInterface(interfaceType).GrainType, registry.GetProxyFactory(interfaceType));

    private sealed record Binding(GrainType GrainType, GrainProxyFactoryDelegate ProxyFactory);
}
