using Granary.Invocation;

namespace Granary.Activation;

/// <summary>
/// Delivers a call whose target grain id is set, wherever that grain lives: the catalog for a lone silo,
/// the cluster router (which may send it to another silo) in a cluster. Calls re-routed after a
/// deactivation go through it, so they follow the grain when its owner changed.
/// </summary>
internal interface IGrainRequestDispatcher
{
    void Dispatch(GrainRequest request);

    /// <summary>An activation left the catalog (the directory forgets grains placed through it).</summary>
    void OnDeactivated(ActivationData activation);
}
