namespace Granary.Benchmarks.Grains;

/// <summary>The empty call of ping-local, for grains in another silo process; <see cref="Where"/> names the hosting silo.</summary>
public interface IClusterPingGrain : IGrainWithIntegerKey
{
    ValueTask Ping();

    /// <summary>The address of the silo hosting this activation.</summary>
    Task<string> Where();
}
