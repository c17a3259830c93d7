using Granary.Membership;
using Granary.Placement;

namespace Granary.Runtime.Tests.Grains;

public abstract class PlacedGrain(ILocalSiloDetails silo) : Grain, IPlacedGrain
{
    private int _touches;

    public Task<string> WhereAreYou() => Task.FromResult(silo.SiloAddress.ToString());

    public Task<int> Touch() => Task.FromResult(++_touches);
}

[RandomPlacement]
public sealed class RandomPlacedGrain(ILocalSiloDetails silo) : PlacedGrain(silo), IRandomPlacedGrain;

[PreferLocalPlacement]
public sealed class PreferLocalPlacedGrain(ILocalSiloDetails silo) : PlacedGrain(silo), IPreferLocalPlacedGrain;
