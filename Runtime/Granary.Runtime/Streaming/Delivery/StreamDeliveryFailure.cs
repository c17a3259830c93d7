using Granary.Networking;
using Granary.Storage;

namespace Granary.Streaming.Delivery;

/// <summary>Sorts delivery failures into the consumer's fault (counted toward dead-lettering) and the cluster's (retried).</summary>
internal static class StreamDeliveryFailure
{
    /// <summary>
    /// A silo that died or left, or storage that is briefly down, is no fault of the event: such failures are
    /// retried without limit, so a failover never sends good events to the dead letters.
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or ConnectionLostException or GrainStorageException;
}
