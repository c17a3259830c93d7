namespace Granary.Placement;

/// <summary>How a grain class chooses the silo of a new activation.</summary>
internal enum PlacementStrategy
{
    /// <summary>The silo its grain id hashes to on the ring of active silos; no directory needed.</summary>
    ConsistentHash,

    /// <summary>A random active silo, recorded in the grain directory.</summary>
    Random,

    /// <summary>The first caller's silo, recorded in the grain directory.</summary>
    PreferLocal,
}
