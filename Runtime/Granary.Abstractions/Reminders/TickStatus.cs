using Granary.Serialization;

namespace Granary.Reminders;

/// <summary>One reminder tick: when the reminder first ticked, its period, and when this tick was due (UTC).</summary>
[GenerateSerializer]
[Immutable]
public readonly record struct TickStatus(
    [property: Id(0)] DateTime FirstTickTime,
    [property: Id(1)] TimeSpan Period,
    [property: Id(2)] DateTime CurrentTickTime);
