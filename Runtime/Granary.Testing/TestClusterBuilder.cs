using Granary.Hosting;

namespace Granary.Testing;

/// <summary>Describes a test cluster: silo count, configuration values and silo configurators.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _configurators = [];

    public TestClusterOptions Options { get; } = new();

    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configurators.Add(configure);
        return this;
    }

    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new() =>
        ConfigureSilo(silo => new TConfigurator().Configure(silo));

    public TestClusterBuilder AddConfiguration(string key, string? value)
    {
        Options.Configuration[key] = value;
        return this;
    }

    public TestCluster Build()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.InitialSilosCount, 1, nameof(Options.InitialSilosCount));
        if (Options.InitialSilosCount > 1)
        {
            Options.Clustered = true;
        }

        return new TestCluster(Options, [.. _configurators]);
    }
}
