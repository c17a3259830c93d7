using Granary.Membership;

namespace Granary.Placement;

/// <summary>
/// Knows which silo owns a grain under the default placement: consistent hashing of the grain id over
/// the active silos of the latest membership view. Every silo with the same view computes the same
/// owner, so no directory lookup is needed on the call path. Views are swapped atomically.
/// </summary>
internal sealed class GrainLocator
{
    private View _view = new(ClusterMembershipSnapshot.Empty, new ConsistentHashRing<SiloAddress>([]));

    public GrainLocator(ILocalSiloDetails localSilo)
        : this(localSilo?.SiloAddress ?? throw new ArgumentNullException(nameof(localSilo)))
    {
    }

    /// <summary>A locator for a silo, or with <paramref name="localSilo"/> null for a cluster client.</summary>
    public GrainLocator(SiloAddress? localSilo) => LocalSilo = localSilo;

    /// <summary>This silo; null on a cluster client.</summary>
    public SiloAddress? LocalSilo { get; }

    /// <summary>The membership version the current ring was built from.</summary>
    public long MembershipVersion => Volatile.Read(ref _view).Snapshot.Version;

    public ClusterMembershipSnapshot Snapshot => Volatile.Read(ref _view).Snapshot;

    /// <summary>Adopts a newer membership view; older or equal versions are ignored.</summary>
    public bool Update(ClusterMembershipSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        while (true)
        {
            var current = Volatile.Read(ref _view);
            if (snapshot.Version <= current.Snapshot.Version)
            {
                return false;
            }

            var ring = new ConsistentHashRing<SiloAddress>(snapshot.ActiveSilos.Select(s => KeyValuePair.Create(s, s.ToString())));
            if (Interlocked.CompareExchange(ref _view, new View(snapshot, ring), current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>The silo that should host <paramref name="grainId"/>; null while no silo is known to be active.</summary>
    public SiloAddress? GetOwner(GrainId grainId)
    {
        var ring = Volatile.Read(ref _view).Ring;
        return ring.IsEmpty ? null : ring.GetOwner(grainId.GetUniformHashCode());
    }

    /// <summary>Whether this silo should host <paramref name="grainId"/> (also while the view is still empty; never on a client).</summary>
    public bool IsLocallyOwned(GrainId grainId) =>
        LocalSilo is not null && (GetOwner(grainId) is not { } owner || owner.Equals(LocalSilo));

    /// <summary>Whether the view says <paramref name="silo"/> is dead or gone (its calls cannot be answered).</summary>
    public bool IsKnownDead(SiloAddress silo) =>
        Volatile.Read(ref _view).Snapshot.GetSiloStatus(silo) is SiloStatus.Dead;

    private sealed record View(ClusterMembershipSnapshot Snapshot, ConsistentHashRing<SiloAddress> Ring);
}
