using System.Collections.Concurrent;
using Granary.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Placement;

/// <summary>
/// Finds, and when needed chooses, the silo of a grain with random or prefer-local placement, through its
/// directory entry (<see cref="IGrainDirectoryGrain"/>). Answers are cached until the silo dies or the
/// activation is known to have moved.
/// </summary>
internal sealed class GrainDirectoryClient(IServiceProvider services, GrainLocator locator)
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _cache = new();
    private IGrainFactory? _grainFactory;

    /// <summary>The silo hosting <paramref name="grainId"/>, registering a new choice if none is active.</summary>
    public async Task<SiloAddress> LocateAsync(GrainId grainId, PlacementStrategy strategy)
    {
        if (_cache.TryGetValue(grainId, out var cached) && IsUsable(cached))
        {
            return cached;
        }

        return await RegisterAsync(grainId, ChooseSilo(strategy)).ConfigureAwait(false);
    }

    /// <summary>Records <paramref name="candidate"/> unless another active silo hosts the grain; returns the one that does.</summary>
    public async Task<SiloAddress> RegisterAsync(GrainId grainId, SiloAddress candidate)
    {
        var answer = await Entry(grainId).Register(candidate.ToString()).ConfigureAwait(false);
        var silo = SiloAddress.Parse(answer);
        _cache[grainId] = silo;
        return silo;
    }

    public void Invalidate(GrainId grainId) => _cache.TryRemove(grainId, out _);

    /// <summary>The activation on <paramref name="silo"/> ended: forget it here and in the directory.</summary>
    public async Task UnregisterAsync(GrainId grainId, SiloAddress silo)
    {
        Invalidate(grainId);
        await Entry(grainId).Unregister(silo.ToString()).ConfigureAwait(false);
    }

    private IGrainDirectoryGrain Entry(GrainId grainId) =>
        (_grainFactory ??= services.GetRequiredService<IGrainFactory>()).GetGrain<IGrainDirectoryGrain>(grainId.ToString());

    private bool IsUsable(SiloAddress silo) => locator.Snapshot.GetSiloStatus(silo) is null or SiloStatus.Active or SiloStatus.Joining;

    private SiloAddress ChooseSilo(PlacementStrategy strategy)
    {
        if (strategy == PlacementStrategy.PreferLocal && locator.LocalSilo is { } local)
        {
            return local;
        }

        var active = locator.Snapshot.ActiveSilos;
        if (active.Count > 0)
        {
            return active[Random.Shared.Next(active.Count)];
        }

        return locator.LocalSilo ?? throw new SiloUnavailableException("No active silo is known to place a new activation on.");
    }
}
