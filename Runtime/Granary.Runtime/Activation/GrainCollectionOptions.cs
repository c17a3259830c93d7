namespace Granary.Activation;

/// <summary>When idle activations are collected. Bound from configuration section <c>Granary:Collection</c>.</summary>
public sealed class GrainCollectionOptions
{
    public const string SectionName = "Granary:Collection";

    /// <summary>An activation idle this long is deactivated. Default 15 minutes; <c>[CollectionAgeLimit]</c> overrides per class.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <c>OnDeactivateAsync</c> may run before the activation is dropped anyway. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
