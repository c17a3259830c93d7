using Granary.Runtime;

namespace Granary.Runtime.Tests.Grains;

public sealed class LifecycleGrain(LifecycleLog log) : Grain, ILifecycleGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Add($"activate:{this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Task.Yield();
        log.Add($"deactivate:{this.GetPrimaryKeyString()}:{reason.Code}");
    }

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task DeactivateSoon()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Fail(string message) => throw new GrainTestException(message) { Detail = 42 };

    public Task KeepAliveFor(TimeSpan timeSpan)
    {
        DelayDeactivation(timeSpan);
        return Task.CompletedTask;
    }
}
