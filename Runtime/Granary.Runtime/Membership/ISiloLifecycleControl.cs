namespace Granary.Membership;

/// <summary>
/// Lets membership stop the silo it runs in: when a silo reads that the cluster declared it dead, it must not
/// keep serving. The default implementation stops the host application.
/// </summary>
public interface ISiloLifecycleControl
{
    /// <summary>Asks the silo to stop; returns at once (stopping happens in the background).</summary>
    void RequestStop(string reason);
}
