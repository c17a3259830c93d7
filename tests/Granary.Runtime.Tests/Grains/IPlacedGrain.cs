namespace Granary.Runtime.Tests.Grains;

/// <summary>Reports where it lives and counts calls in memory, so a second activation would show.</summary>
public interface IPlacedGrain : IGrainWithIntegerKey
{
    Task<string> WhereAreYou();

    Task<int> Touch();
}

public interface IRandomPlacedGrain : IPlacedGrain;

public interface IPreferLocalPlacedGrain : IPlacedGrain;
