namespace Granary.Silo.Tests.Grains;

[GenerateSerializer]
public sealed record ReminderTicks(
    [property: Id(0)] int Count,
    [property: Id(1)] SiloAddress? LastSilo,
    [property: Id(2)] DateTimeOffset LastTick);
