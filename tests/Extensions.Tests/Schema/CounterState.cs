namespace Granary.Extensions.Tests.Schema;

[GenerateSerializer]
internal sealed record CounterState
{
    [Id(0)]
    public int Count { get; set; }
}
