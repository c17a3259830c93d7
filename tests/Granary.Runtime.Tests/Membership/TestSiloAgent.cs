using Granary.Membership;

namespace Granary.Runtime.Tests.Membership;

internal sealed record TestSiloAgent(SiloAddress Address, MembershipAgent Agent, RecordingLifecycleControl Lifecycle)
{
    public ClusterMembershipSnapshot Snapshot => Agent.CurrentSnapshot;
}
