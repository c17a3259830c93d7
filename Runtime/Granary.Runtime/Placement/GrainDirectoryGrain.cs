using Granary.Membership;
using Granary.Runtime;

namespace Granary.Placement;

/// <summary>One directory entry; see <see cref="IGrainDirectoryGrain"/>. Grain code: awaits keep to the turn.</summary>
[GrainType("granary.directory")]
internal sealed class GrainDirectoryGrain(
    IClusterMembershipService membership,
    [PersistentState("location")] IPersistentState<GrainDirectoryEntry> entry) : Grain, IGrainDirectoryGrain
{
    public async Task<string> Register(string candidateSilo)
    {
        var current = entry.State.Silo;
        if (current is not null && SiloAddress.TryParse(current, out var silo)
            && membership.CurrentSnapshot.GetSiloStatus(silo) is SiloStatus.Active or SiloStatus.Joining)
        {
            return current;
        }

        entry.State.Silo = candidateSilo;
        await entry.WriteStateAsync().ConfigureAwait(true);
        return candidateSilo;
    }

    public async Task Unregister(string silo)
    {
        if (entry.State.Silo == silo)
        {
            entry.State.Silo = null;
            await entry.WriteStateAsync().ConfigureAwait(true);
        }
    }
}
