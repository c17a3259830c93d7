using Granary.Activation;
using Granary.Invocation;
using Granary.Membership;
using Granary.Messaging;
using Granary.Placement;

namespace Granary.Client;

/// <summary>
/// A client's call path: every call goes straight to the silo that owns its grain under the client's view
/// of the cluster (the same consistent hashing the silos use); a silo that disagrees answers "forward".
/// </summary>
internal sealed class ClientGrainCallRuntime(
    ClientIdentity identity,
    GrainLocator locator,
    GrainTypeRegistry registry,
    GrainDirectoryClient directory,
    RemoteGrainCaller remote,
    PendingCallTracker pendingCalls)
    : IGrainReferenceRuntime, IRemoteCallHost
{
    public string Identity => identity.Value;

    public SiloAddress? LocalSilo => null;

    public void SendRequest(GrainReference target, GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        request.TargetGrainId = target.GrainId;
        if ((request.Options & InvokeMethodOptions.OneWay) != 0)
        {
            request.TrySetDefaultResult();
        }
        else
        {
            pendingCalls.Track(request);
        }

        Route(request, invalidate: false);
    }

    public void Redeliver(GrainRequest request) => Route(request, invalidate: true);

    private void Route(GrainRequest request, bool invalidate)
    {
        if (registry.GetByGrainType(request.TargetGrainId.Type) is { UsesDirectory: true } grainClass)
        {
            _ = SendThroughDirectoryAsync(request, grainClass.Placement, invalidate);
            return;
        }

        if (locator.GetOwner(request.TargetGrainId) is { } owner)
        {
            remote.Send(owner, request);
            return;
        }

        pendingCalls.Untrack(request);
        request.TrySetException(new SiloUnavailableException(
            $"The call to {request} on grain {request.TargetGrainId} has no silo to go to: the membership table lists no active silo."));
    }

    private async Task SendThroughDirectoryAsync(GrainRequest request, PlacementStrategy strategy, bool invalidate)
    {
        try
        {
            if (invalidate)
            {
                directory.Invalidate(request.TargetGrainId);
            }

            remote.Send(await directory.LocateAsync(request.TargetGrainId, strategy).ConfigureAwait(false), request);
        }
        catch (Exception exception)
        {
            pendingCalls.Untrack(request);
            request.TrySetException(exception);
        }
    }

    public void DeliverHere(GrainRequest request) =>
        request.TrySetException(new InvalidOperationException("A cluster client hosts no grains; a silo forwarded a call to it."));
}
