namespace Granary.Membership;

/// <summary>A silo as seen in a <see cref="ClusterMembershipSnapshot"/>.</summary>
public sealed record ClusterMember(SiloAddress SiloAddress, SiloStatus Status, string SiloName, string HostName, int? GatewayPort);
