namespace Granary.Benchmarks.Grains;

/// <summary>A persisted counter: failover checks that a grain answers again with the count it had written.</summary>
public interface ICounterGrain : IGrainWithIntegerKey
{
    /// <summary>Adds one, writes the state, returns the new count.</summary>
    Task<int> Increment();

    /// <summary>The count as read from storage on activation (plus increments since).</summary>
    Task<int> GetCount();

    /// <summary>The address of the silo hosting this activation.</summary>
    Task<string> Where();
}
