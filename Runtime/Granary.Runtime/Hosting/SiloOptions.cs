namespace Granary.Hosting;

/// <summary>Who a silo is in its cluster. Bound from configuration section <c>Granary:Silo</c>.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Granary:Silo";

    /// <summary>A human-friendly name, shown in membership and logs (the pod name in Kubernetes). Default: host name and port.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The address other silos and clients use to reach this one (the pod IP in Kubernetes). Default: the
    /// networking bind address (<c>Granary:Networking:BindAddress</c>).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Whether cluster clients may connect to this silo. Default true.</summary>
    public bool IsGateway { get; set; } = true;
}
