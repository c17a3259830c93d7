namespace Granary.Benchmarks.Grains;

/// <summary>The empty call of the ping scenarios.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task PingAsync();

    /// <summary>The name of the silo hosting this activation.</summary>
    Task<string> WhereAsync();
}
