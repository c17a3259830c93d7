namespace Granary.Benchmarks.Grains;

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public ValueTask Touch() => default;
}
