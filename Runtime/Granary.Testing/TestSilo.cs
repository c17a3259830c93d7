using Granary.Activation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Granary.Testing;

/// <summary>One silo of a test cluster: its host, services and a few read-outs tests assert on.</summary>
public sealed class TestSilo
{
    internal TestSilo(string name, IHost host)
    {
        Name = name;
        Host = host;
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public bool IsRunning { get; internal set; }

    /// <summary>Activations currently in this silo's catalog.</summary>
    public int ActivationCount => Services.GetRequiredService<Catalog>().ActivationCount;

    /// <summary>Whether <paramref name="grainId"/> has an activation in this silo.</summary>
    public bool IsActive(GrainId grainId) => Services.GetRequiredService<Catalog>().Activations.Any(a => a.GrainId == grainId);

    /// <summary>Runs the idle collector now (it also runs on its own timer); returns how many it began deactivating.</summary>
    public int CollectIdleActivations() => Services.GetRequiredService<ActivationCollector>().CollectIdle();

    public override string ToString() => Name;
}
