namespace Granary.Membership;

/// <summary>
/// How silos detect each other's failure and how fast. Bound from configuration section <c>Granary:Membership</c>.
/// With the defaults a silo that stops answering is declared dead about <see cref="ProbeInterval"/> ×
/// <see cref="MissedProbesLimit"/> (3 s) after it stopped, plus one table refresh.
/// </summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Granary:Membership";

    /// <summary>How often a silo probes the silos it monitors. Default 1 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one probe may take before it counts as missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which a silo votes that the target is dead. Default 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many other silos each silo monitors (the next ones on a ring of active silos). Default 3.</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>
    /// Fresh votes needed to declare a silo dead. Default 2. Capped at the number of active silos minus one
    /// (at least one), so in a two-silo cluster the survivor's vote suffices.
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>A vote older than this no longer counts. Default 30 s.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its IAmAlive time. Default 5 s.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a silo re-reads the table and publishes what it sees. Default 1 s.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows of dead silos whose IAmAlive time is older than this are deleted. Default 1 hour.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often active silos delete defunct rows. Default 10 minutes.</summary>
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
