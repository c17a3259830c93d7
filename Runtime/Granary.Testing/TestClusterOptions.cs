namespace Granary.Testing;

/// <summary>Shape of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.DeployAsync"/>.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>
    /// Whether silos form a cluster over loopback TCP with a shared membership table (in memory unless a
    /// configurator registers another). Implied by more than one silo. A lone unclustered silo has no network.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>Configuration values every silo sees (e.g. "Granary:Messaging:ResponseTimeout").</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long starting or stopping a silo may take before the test fails.</summary>
    public TimeSpan StartStopTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
