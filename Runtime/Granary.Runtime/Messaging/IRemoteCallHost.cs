using Granary.Invocation;
using Granary.Membership;

namespace Granary.Messaging;

/// <summary>
/// What <see cref="RemoteGrainCaller"/> needs from the process it sends for: a silo (the router) or a
/// cluster client. Resolved lazily by the caller, since the host's call path depends on the caller.
/// </summary>
internal interface IRemoteCallHost
{
    /// <summary>Who sends the calls, as written in their headers.</summary>
    string Identity { get; }

    /// <summary>This silo, or null for a client (which never hosts grains).</summary>
    SiloAddress? LocalSilo { get; }

    /// <summary>Delivers a call again after membership was re-read (to a new owner, possibly this silo).</summary>
    void Redeliver(GrainRequest request);

    /// <summary>Serves here a call another silo sent back because this silo owns the grain (silos only).</summary>
    void DeliverHere(GrainRequest request);
}
