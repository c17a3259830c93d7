namespace Granary.Activation;

internal enum ActivationState
{
    /// <summary>In the catalog; the grain instance is being created and OnActivateAsync runs. Calls wait.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Active,

    /// <summary>OnDeactivateAsync runs; calls wait and are re-routed to a new activation afterwards.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; accepts nothing.</summary>
    Invalid,
}
