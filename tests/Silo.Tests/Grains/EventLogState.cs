namespace Granary.Silo.Tests.Grains;

[GenerateSerializer]
public sealed class EventLogState
{
    [Id(0)]
    public List<int> Received { get; set; } = [];
}
