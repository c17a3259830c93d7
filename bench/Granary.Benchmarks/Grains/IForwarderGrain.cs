namespace Granary.Benchmarks.Grains;

/// <summary>ping-cross-silo's first hop: the call the client makes, forwarded to the <see cref="IPingGrain"/> of the same key.</summary>
public interface IForwarderGrain : IGrainWithIntegerKey
{
    Task PingAsync();

    Task<string> WhereAsync();
}
