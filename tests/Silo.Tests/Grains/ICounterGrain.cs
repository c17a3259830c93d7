namespace Granary.Silo.Tests.Grains;

/// <summary>A persisted counter: tells whether state survived its silo.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>The silo this activation runs on.</summary>
    Task<SiloAddress> GetSiloAsync();
}
