namespace Granary.Testing;

/// <summary>Shape of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.DeployAsync"/>. This runtime version hosts one silo per cluster.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>Configuration values every silo sees (e.g. "Granary:Messaging:ResponseTimeout").</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long starting or stopping a silo may take before the test fails.</summary>
    public TimeSpan StartStopTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
