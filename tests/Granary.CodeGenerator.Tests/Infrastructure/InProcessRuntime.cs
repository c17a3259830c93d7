using Granary.Invocation;
using Granary.Serialization;

namespace Granary.CodeGenerator.Tests.Infrastructure;

/// <summary>Delivers each call straight to one grain instance: copy the arguments, invoke, copy the result.</summary>
public sealed class InProcessRuntime(object grain, IDeepCopier copier) : IGrainReferenceRuntime
{
    public List<GrainRequest> Sent { get; } = [];

    public GrainRequest LastRequest => Sent[^1];

    public void SendRequest(GrainReference target, GrainRequest request)
    {
        Sent.Add(request);
        request.CopyArguments(copier);
        var pending = request.InvokeAsync(grain, copier);
        if (pending.IsCompleted)
        {
            request.SignalOutcome();
        }
        else
        {
            pending.GetAwaiter().UnsafeOnCompleted(request.SignalOutcome);
        }
    }
}
