using System.Collections.Frozen;
using Granary.Invocation;
using Granary.Metadata;

namespace Granary.Activation;

/// <summary>
/// Maps grain types and grain interfaces to grain classes. Built once from the manifest; lookups of
/// unknown or ambiguous interfaces throw <see cref="GrainClassNotFoundException"/> with the reason.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainClassInfo> _byGrainType;
    private readonly FrozenDictionary<Type, GrainClassInfo[]> _byInterface;
    private readonly FrozenDictionary<Type, GrainProxyFactoryDelegate> _proxyFactories;

    public GrainTypeRegistry(GranaryManifest manifest)
    {
        var classes = manifest.GrainClasses.Select(pair => new GrainClassInfo(pair.Key, pair.Value)).ToList();
        var duplicate = classes.GroupBy(c => c.GrainType.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new GranaryException(
                $"Grain type '{duplicate.Key}' is used by {string.Join(", ", duplicate.Select(c => c.ClassType.FullName))}; "
                + "give one of them [GrainType(\"...\")].");
        }

        _byGrainType = classes.ToFrozenDictionary(c => c.GrainType.Value, StringComparer.Ordinal);
        _byInterface = classes
            .SelectMany(c => c.Interfaces.Select(i => (Interface: i, Class: c)))
            .GroupBy(p => p.Interface)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Class).ToArray());
        _proxyFactories = manifest.Interfaces.ToFrozenDictionary();
    }

    public IEnumerable<GrainClassInfo> GrainClasses => _byGrainType.Values;

    public GrainClassInfo GetByGrainType(GrainType grainType) =>
        _byGrainType.TryGetValue(grainType.Value, out var info)
            ? info
            : throw new GrainClassNotFoundException(
                $"No grain class has grain type '{grainType}'. Is the assembly that declares it referenced by the silo?");

    public GrainClassInfo GetByInterface(Type interfaceType)
    {
        if (!_byInterface.TryGetValue(interfaceType, out var candidates))
        {
            throw new GrainClassNotFoundException(
                $"No grain class implements {interfaceType.FullName}. Reference the assembly that declares the grain class "
                + "and enable GranaryCodeGen in its project.");
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        // Several classes implement it (say a base grain and its subclasses): the one named after the
        // interface (IFooGrain -> FooGrain) is the default, as in Orleans.
        var conventional = candidates.Where(c => IsNamedAfter(c.ClassType, interfaceType)).ToArray();
        return conventional.Length == 1
            ? conventional[0]
            : throw new GrainClassNotFoundException(
                $"{interfaceType.FullName} is implemented by several grain classes ({string.Join(", ", candidates.Select(c => c.ClassType.Name))}); "
                + "use a more specific interface, or name one class after the interface.");
    }

    private static bool IsNamedAfter(Type grainClass, Type interfaceType) =>
        interfaceType.Name.Length > 1
        && interfaceType.Name[0] == 'I'
        && string.Equals(grainClass.Name, interfaceType.Name[1..], StringComparison.Ordinal);

    public GrainProxyFactoryDelegate GetProxyFactory(Type interfaceType) =>
        _proxyFactories.TryGetValue(interfaceType, out var factory)
            ? factory
            : throw new GrainClassNotFoundException(
                $"No proxy was generated for {interfaceType.FullName}; enable GranaryCodeGen in the project that declares it.");

    public GrainReference CreateReference(Type interfaceType, IGrainReferenceRuntime runtime, GrainId grainId) =>
        GetProxyFactory(interfaceType)(runtime, grainId);
}
