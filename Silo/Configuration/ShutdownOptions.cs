namespace Granary.Silo.Configuration;

/// <summary><c>Granary:Shutdown</c>: how long a graceful stop may take.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Granary:Shutdown";

    /// <summary>
    /// Time for a stopping silo to deactivate its grains and hand over its stream queues. Below Kubernetes' default
    /// 30 s grace period, so the silo finishes before it would be killed.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);
}
