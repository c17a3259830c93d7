namespace Granary.Benchmarks.Measurement;

/// <summary>
/// What one stream's consumer saw. Written by that stream's producer (<see cref="Published"/>) and its consumer
/// activation (the rest, one turn at a time); read by the scenario with <see cref="Volatile"/>.
/// </summary>
internal sealed class StreamConsumerTally
{
    /// <summary>Events whose publish returned; the producer numbers them 1, 2, 3, ...</summary>
    public long Published;

    /// <summary>Distinct events delivered: those whose sequence is above the highest seen before.</summary>
    public long Delivered;

    /// <summary>Events whose sequence is at or below the highest seen before: redeliveries (or late arrivals after a gap).</summary>
    public long Duplicates;

    /// <summary>Times a sequence skipped ahead of the next expected one: order broken or events missing.</summary>
    public long Gaps;

    /// <summary>The highest sequence seen.</summary>
    public long LastSequence;

    /// <summary>Delivery latency of events published inside each measured window (index = window).</summary>
    public LatencyHistogram[] Latency { get; } = [new(), new()];
}
