namespace Granary;

/// <summary>
/// A process outside the cluster (an HTTP gateway, a tool) calling grains on its silos. It finds silos in
/// the membership table, sends each call straight to the silo that owns the grain, and follows the
/// cluster as silos come and go.
/// </summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>The client's services (stream providers, options).</summary>
    IServiceProvider ServiceProvider { get; }
}
