using Granary.Membership;

namespace Granary.Streaming.Delivery;

/// <summary>
/// Which shared queues a silo should drain: queue q goes to the (q mod N)-th of the N active silos, in
/// address order. Every silo computes the same split from the same membership view; leases settle the
/// moments when views differ.
/// </summary>
internal static class StreamQueueAssignment
{
    public static IReadOnlyList<int> For(SiloAddress silo, IReadOnlyList<SiloAddress> activeSilos, int queueCount)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(activeSilos);
        var index = -1;
        for (var i = 0; i < activeSilos.Count; i++)
        {
            if (activeSilos[i].Equals(silo))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return [];
        }

        var queues = new List<int>();
        for (var queue = index; queue < queueCount; queue += activeSilos.Count)
        {
            queues.Add(queue);
        }

        return queues;
    }
}
