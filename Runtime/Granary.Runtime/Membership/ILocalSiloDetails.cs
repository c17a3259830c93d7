namespace Granary.Membership;

/// <summary>Who this silo is: read by the membership agent when it joins (after the transport knows its endpoint).</summary>
public interface ILocalSiloDetails
{
    /// <summary>This run's address: endpoint plus a generation from <see cref="SiloAddress.NewGeneration"/>.</summary>
    SiloAddress SiloAddress { get; }

    /// <summary>A human-friendly name (the pod name in Kubernetes).</summary>
    string SiloName { get; }

    /// <summary>The machine or pod host name.</summary>
    string HostName { get; }

    /// <summary>The client gateway port, or null when this silo accepts no clients.</summary>
    int? GatewayPort { get; }
}
