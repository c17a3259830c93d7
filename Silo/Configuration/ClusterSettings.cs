namespace Granary.Silo.Configuration;

/// <summary><c>Granary:Cluster</c>: the silo's identity and endpoints in a running process (tests' clusters set their own).</summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Granary:Cluster";

    /// <summary>Silos (and clients) with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "granary";

    /// <summary>Stable across deployments: grain state and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = "granary";

    /// <summary>Silo-to-silo TCP port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client (gateway) TCP port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (the pod IP in Kubernetes); loopback when unset.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every interface rather than only the advertised address.</summary>
    public bool ListenOnAnyAddress { get; set; }
}
