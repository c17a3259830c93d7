using System.Reflection;
using Granary.Concurrency;
using Granary.Metadata;
using Granary.Placement;

namespace Granary.Activation;

/// <summary>What the runtime needs to know about one grain class, read once at start-up.</summary>
internal sealed class GrainClassInfo
{
    public GrainClassInfo(Type classType, GrainFactoryDelegate factory)
    {
        ClassType = classType;
        Factory = factory;
        GrainType = new GrainType(classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultName(classType));
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        var worker = classType.GetCustomAttribute<StatelessWorkerAttribute>(inherit: true);
        MaxLocalWorkers = worker is null ? 0 : worker.MaxLocalWorkers > 0 ? worker.MaxLocalWorkers : Environment.ProcessorCount;
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Amount is { } age && age > TimeSpan.Zero
            ? age
            : null;
        Placement = classType.IsDefined(typeof(RandomPlacementAttribute), inherit: true) ? PlacementStrategy.Random
            : classType.IsDefined(typeof(PreferLocalPlacementAttribute), inherit: true) ? PlacementStrategy.PreferLocal
            : PlacementStrategy.ConsistentHash;
        Interfaces = classType.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && !IsKeyMarker(i)).ToArray();
    }

    public Type ClassType { get; }

    public GrainFactoryDelegate Factory { get; }

    public GrainType GrainType { get; }

    public bool IsReentrant { get; }

    /// <summary>0 for ordinary grains; the local activation cap for [StatelessWorker] grains.</summary>
    public int MaxLocalWorkers { get; }

    public bool IsStatelessWorker => MaxLocalWorkers > 0;

    /// <summary>The class's own idle age, or null to use the silo default.</summary>
    public TimeSpan? CollectionAge { get; }

    public IReadOnlyList<Type> Interfaces { get; }

    public PlacementStrategy Placement { get; }

    /// <summary>Whether activations are found through the grain directory rather than by hashing the id.</summary>
    public bool UsesDirectory => Placement != PlacementStrategy.ConsistentHash && !IsStatelessWorker;

    public static bool IsKeyMarker(Type type) =>
        type == typeof(IGrain) || type == typeof(IAddressable) || type == typeof(IGrainWithStringKey)
        || type == typeof(IGrainWithGuidKey) || type == typeof(IGrainWithIntegerKey)
        || type == typeof(IGrainWithGuidCompoundKey) || type == typeof(IGrainWithIntegerCompoundKey);

    private static string DefaultName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
