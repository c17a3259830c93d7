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
        if (Options.InitialSilosCount != 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Options.InitialSilosCount), Options.InitialSilosCount, "This runtime version hosts exactly one silo per test cluster.");
        }

        return new TestCluster(Options, [.. _configurators]);
    }
}
