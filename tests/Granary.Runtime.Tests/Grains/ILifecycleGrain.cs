namespace Granary.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>A number unique to this activation.</summary>
    Task<Guid> GetActivationId();

    Task DeactivateSoon();

    Task Fail(string message);

    Task KeepAliveFor(TimeSpan timeSpan);
}
