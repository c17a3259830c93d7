using Granary.Activation;
using Granary.Hosting;
using Granary.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Testing;

/// <summary>One silo of a test cluster: its host, services and a few read-outs tests assert on.</summary>
public sealed class TestSilo
{
    // Kept from start-up so read-outs still work after the host is stopped and disposed.
    private readonly Catalog _catalog;
    private readonly ActivationCollector _collector;

    internal TestSilo(string name, IHost host)
    {
        Name = name;
        Host = host;
        _catalog = host.Services.GetRequiredService<Catalog>();
        _collector = host.Services.GetRequiredService<ActivationCollector>();
        SiloAddress = host.Services.GetService<ILocalSiloDetails>()?.SiloAddress;
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's cluster address, or null for an unclustered silo.</summary>
    public SiloAddress? SiloAddress { get; }

    public bool IsRunning { get; internal set; }

    /// <summary>Activations currently in this silo's catalog.</summary>
    public int ActivationCount => _catalog.ActivationCount;

    /// <summary>The grain ids active in this silo.</summary>
    public IReadOnlyList<GrainId> ActiveGrains => [.. _catalog.Activations.Select(a => a.GrainId)];

    /// <summary>Whether <paramref name="grainId"/> has an activation in this silo.</summary>
    public bool IsActive(GrainId grainId) => _catalog.Activations.Any(a => a.GrainId == grainId);

    /// <summary>Runs the idle collector now (it also runs on its own timer); returns how many it began deactivating.</summary>
    public int CollectIdleActivations() => _collector.CollectIdle();

    /// <summary>This silo's current membership view (clustered silos only).</summary>
    internal ClusterMembershipSnapshot? MembershipSnapshot => Services.GetService<IClusterMembershipService>()?.CurrentSnapshot;

    /// <summary>Stops like a crashed process: no goodbye in the membership table, sockets cut.</summary>
    internal void Kill() => Services.GetService<ClusterLifecycle>()?.Kill();

    public override string ToString() => Name;
}
