namespace Granary.Runtime.Tests.Grains;

/// <summary>A grain that says where it runs and keeps a durable counter, for multi-silo tests.</summary>
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The address of the silo hosting this activation.</summary>
    Task<string> WhereAreYou();

    /// <summary>Adds one to the persisted counter and returns it.</summary>
    Task<int> Increment();

    Task<int> GetCount();

    /// <summary>Calls another probe grain (wherever it lives) and returns its silo.</summary>
    Task<string> AskOther(long otherKey);

    Task Fail(string message);
}
