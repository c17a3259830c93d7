using Granary.Activation;
using Granary.Runtime;

namespace Granary.Placement;

/// <summary>
/// After a membership change, deactivates local activations whose grain another silo now owns. Their
/// state is persisted by OnDeactivateAsync as in any deactivation, queued calls follow the grain to its
/// new owner, and the next call activates it there: that is how a joining silo gets its share.
/// </summary>
internal sealed class ActivationRebalancer(Catalog catalog, GrainLocator locator)
{
    /// <summary>Starts deactivating every misplaced activation; returns how many.</summary>
    public int Rebalance()
    {
        var moved = 0;
        foreach (var activation in catalog.Activations)
        {
            // Stateless workers are local by nature, and directory-placed grains stay where the directory says.
            if (!activation.GrainClass.IsStatelessWorker && !activation.GrainClass.UsesDirectory && !locator.IsLocallyOwned(activation.GrainId))
            {
                activation.Deactivate(DeactivationReason.Rebalanced);
                moved++;
            }
        }

        return moved;
    }
}
