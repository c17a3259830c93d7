using Granary.Activation;
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
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public bool IsRunning { get; internal set; }

    /// <summary>Activations currently in this silo's catalog.</summary>
    public int ActivationCount => _catalog.ActivationCount;

    /// <summary>Whether <paramref name="grainId"/> has an activation in this silo.</summary>
    public bool IsActive(GrainId grainId) => _catalog.Activations.Any(a => a.GrainId == grainId);

    /// <summary>Runs the idle collector now (it also runs on its own timer); returns how many it began deactivating.</summary>
    public int CollectIdleActivations() => _collector.CollectIdle();

    public override string ToString() => Name;
}
