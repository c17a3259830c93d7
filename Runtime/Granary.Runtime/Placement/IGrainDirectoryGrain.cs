namespace Granary.Placement;

/// <summary>
/// Where one grain with random or prefer-local placement is active. Keyed by that grain's id and itself
/// placed by consistent hashing, so every silo and client finds the same entry; its state is persisted, so
/// the entry survives the silo that held it.
/// </summary>
internal interface IGrainDirectoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records <paramref name="candidateSilo"/> as the grain's silo unless an active silo already hosts it;
    /// returns the silo that does.
    /// </summary>
    Task<string> Register(string candidateSilo);

    /// <summary>Forgets the entry if it still names <paramref name="silo"/> (the activation there ended).</summary>
    Task Unregister(string silo);
}
