using Granary.Membership;

namespace Granary.Runtime.Tests.Membership;

internal sealed class RecordingLifecycleControl : ISiloLifecycleControl
{
    private int _stopRequests;

    public int StopRequests => Volatile.Read(ref _stopRequests);

    public string? Reason { get; private set; }

    public void RequestStop(string reason)
    {
        Reason = reason;
        Interlocked.Increment(ref _stopRequests);
    }
}
