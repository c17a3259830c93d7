namespace Granary.Silo.Tests.Grains;

[GenerateSerializer]
public sealed class ReminderProbeState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public SiloAddress? LastSilo { get; set; }

    [Id(2)]
    public DateTimeOffset LastTick { get; set; }
}
