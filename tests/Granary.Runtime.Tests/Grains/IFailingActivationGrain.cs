namespace Granary.Runtime.Tests.Grains;

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

/// <summary>Throws from OnActivateAsync for keys that start with "fail".</summary>
public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString().StartsWith("fail", StringComparison.Ordinal)
            ? throw new InvalidOperationException("activation refused")
            : Task.CompletedTask;

    public Task<int> Ping() => Task.FromResult(1);
}
