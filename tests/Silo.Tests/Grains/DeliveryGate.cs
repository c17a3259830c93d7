namespace Granary.Silo.Tests.Grains;

/// <summary>A silo-wide switch for tests: while held, stream deliveries to <see cref="EventLogGrain"/> never finish (a consumer that cannot keep up when its silo dies).</summary>
public sealed class DeliveryGate(bool held)
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a delivery first reached the held gate.</summary>
    public Task Entered => _entered.Task;

    public async Task PassAsync()
    {
        if (held)
        {
            _entered.TrySetResult();
            await Task.Delay(Timeout.Infinite);
        }
    }
}
