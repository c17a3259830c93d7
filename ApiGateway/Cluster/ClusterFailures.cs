using System.Data.Common;
using Orleans.Networking.Shared;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Granary.ApiGateway.Cluster;

/// <summary>Which failures of a grain call mean "the cluster or its database cannot serve now" (503) rather than a bug.</summary>
internal static class ClusterFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is ClusterUnavailableException
                or TimeoutException
                or OrleansMessageRejectionException // includes SiloUnavailableException
                or GatewayTooBusyException
                or ClientNotAvailableException
                or ConnectionFailedException
                or SocketConnectionException
                or OrleansLifecycleCanceledException
                or InconsistentStateException
                or DbException)
            {
                return true;
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }
}
