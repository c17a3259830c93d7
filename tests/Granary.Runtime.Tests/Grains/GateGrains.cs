using Granary.Concurrency;

namespace Granary.Runtime.Tests.Grains;

public class GateGrain(Gates gates) : Grain, IGateGrain
{
    private int _current;
    private int _max;

    public Task Enter(string gate) => EnterCore(gate);

    public Task EnterReadOnly(string gate) => EnterCore(gate);

    public Task EnterInterleaving(string gate) => EnterCore(gate);

    public Task EnterOneWay(string gate) => EnterCore(gate);

    public Task<int> GetMaxConcurrency() => Task.FromResult(_max);

    private async Task EnterCore(string gate)
    {
        _current++;
        _max = Math.Max(_max, _current);
        try
        {
            await gates.WaitAsync(gate);
        }
        finally
        {
            _current--;
        }
    }
}

[Reentrant]
public sealed class ReentrantGateGrain(Gates gates) : GateGrain(gates), IReentrantGateGrain;

[StatelessWorker(3)]
public sealed class StatelessGateGrain(Gates gates) : GateGrain(gates), IStatelessGateGrain;
