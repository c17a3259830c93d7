namespace Granary.Membership;

/// <summary>A fixed <see cref="ILocalSiloDetails"/>, for hosts that know their endpoint before starting.</summary>
public sealed class LocalSiloDetails(SiloAddress siloAddress, string siloName, string hostName, int? gatewayPort = null) : ILocalSiloDetails
{
    public SiloAddress SiloAddress { get; } = siloAddress ?? throw new ArgumentNullException(nameof(siloAddress));

    public string SiloName { get; } = siloName ?? throw new ArgumentNullException(nameof(siloName));

    public string HostName { get; } = hostName ?? throw new ArgumentNullException(nameof(hostName));

    public int? GatewayPort { get; } = gatewayPort;
}
