using Microsoft.Extensions.Hosting;

namespace Granary.Membership;

/// <summary>Stops the whole host, so a silo declared dead exits and its orchestrator (Kubernetes) restarts it as a new generation.</summary>
internal sealed class HostApplicationSiloLifecycleControl(IHostApplicationLifetime lifetime) : ISiloLifecycleControl
{
    public void RequestStop(string reason) => lifetime.StopApplication();
}
