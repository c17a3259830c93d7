namespace Granary.Extensions.Tests.Streaming;

/// <summary>A consumer that is not able to consume: it signals that a delivery arrived, then never finishes it.</summary>
public sealed class StuckDeliveryRecorder : IDeliveryRecorder
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public Task RecordAsync(Guid stream, int sequence, string silo)
    {
        _entered.TrySetResult();
        return _never.Task;
    }
}
