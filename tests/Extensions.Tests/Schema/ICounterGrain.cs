namespace Granary.Extensions.Tests.Schema;

/// <summary>A grain whose state goes through the ADO.NET grain storage named "store".</summary>
internal interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task ClearAsync();

    /// <summary>Deactivates after this call, so the next call reads the state back from the database.</summary>
    Task DeactivateAsync();
}
