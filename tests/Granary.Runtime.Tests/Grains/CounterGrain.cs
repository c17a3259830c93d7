using Granary.Runtime;

namespace Granary.Runtime.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    [PersistentState("counter")] IPersistentState<CounterState> staleCopy) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Value++;
        counter.State.History.Add($"+{counter.State.Value}");
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<CounterSnapshot> Get() =>
        Task.FromResult(new CounterSnapshot(counter.State.Value, counter.Etag, counter.RecordExists, counter.State.History));

    public Task Clear() => counter.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task WriteFromStaleCopy(int value)
    {
        staleCopy.State.Value = value;
        await staleCopy.WriteStateAsync();
    }
}
