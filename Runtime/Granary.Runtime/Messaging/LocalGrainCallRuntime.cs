using Granary.Activation;
using Granary.Invocation;
using Granary.Serialization;

namespace Granary.Messaging;

/// <summary>
/// Sends calls from grain references to activations in this silo: copies the arguments, starts the
/// response timeout (except for one-way calls, which complete at once), and hands the call to the catalog.
/// </summary>
internal sealed class LocalGrainCallRuntime(Catalog catalog, IDeepCopier copier, PendingCallTracker pendingCalls)
    : IGrainReferenceRuntime
{
    public void SendRequest(GrainReference target, GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        request.TargetGrainId = target.GrainId;
        try
        {
            request.CopyArguments(copier);
        }
        catch (Exception exception)
        {
            request.TrySetException(exception);
            return;
        }

        if ((request.Options & InvokeMethodOptions.OneWay) != 0)
        {
            request.TrySetDefaultResult();
        }
        else
        {
            pendingCalls.Track(request);
        }

        catalog.Dispatch(request);
    }
}
