using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Granary.Silo.Configuration;

/// <summary>
/// <c>Granary:Membership</c>: Orleans' failure detector, tuned so that a silo killed with <c>kill -9</c> is declared dead
/// in about two seconds instead of Orleans' ~15 s (docs/membership.md has the measurements). Any
/// <see cref="ClusterMembershipOptions"/> property can be overridden under this section.
/// </summary>
internal static class MembershipTuning
{
    public const string SectionName = "Granary:Membership";

    public static void Apply(ClusterMembershipOptions options, IConfiguration configuration)
    {
        // Probe every silo each second; two missed probes make a suspicion, two suspicions a death.
        // Indirect probes (another silo probes the suspect) and the local-health monitor (a starved silo lengthens its
        // own probe timeouts instead of voting) are what keep a loaded 2-core machine from false suspicions.
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 2;
        options.EnableIndirectProbes = true;
        options.ExtendProbeTimeoutDuringDegradation = true;

        // New silos are noticed through gossip at once; the table read is only the safety net.
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);

        // Restarts leave dead rows behind: remove them after a day, checking every hour.
        options.DefunctSiloExpiration = TimeSpan.FromDays(1);
        options.DefunctSiloCleanupPeriod = TimeSpan.FromHours(1);

        configuration.GetSection(SectionName).Bind(options);
    }
}
