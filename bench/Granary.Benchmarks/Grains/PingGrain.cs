namespace Granary.Benchmarks.Grains;

public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask Ping() => default;
}
