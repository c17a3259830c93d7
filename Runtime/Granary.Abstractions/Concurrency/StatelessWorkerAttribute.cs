namespace Granary.Concurrency;

/// <summary>
/// Calls to this grain class may be served by several local activations of the same id, created on
/// demand up to <see cref="MaxLocalWorkers"/> (default: the processor count). Each activation is still
/// single-threaded. Such grains should hold no state that must be unique.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class StatelessWorkerAttribute(int maxLocalWorkers) : Attribute
{
    public StatelessWorkerAttribute()
        : this(0)
    {
    }

    /// <summary>The cap on local activations; 0 or less means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxLocalWorkers { get; } = maxLocalWorkers;
}
