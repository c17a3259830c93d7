using Granary.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.CodeGenerator.Tests.Sample;

public sealed class EchoGrain : Grain, IEchoGrain
{
    /// <summary>The last payload the grain received, to check the caller's object was not shared.</summary>
    public Payload? LastPayload { get; private set; }

    public Task<string> Echo(string text) => Task.FromResult("echo:" + text);

    public ValueTask<int> Count(List<int> values)
    {
        values.Add(-1); // mutates the grain's copy only
        return new ValueTask<int>(values.Count - 1);
    }

    public async Task Fail(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public ValueTask Ping() => default;

    public Task<string> Read() => Task.FromResult("read");

    public ValueTask<int> Interleaved() => new(7);

    public Task Notify(Payload payload)
    {
        LastPayload = payload;
        payload.Name = "changed by grain";
        return Task.CompletedTask;
    }

    public Task<Payload> Roundtrip(Payload payload, CancellationToken cancellationToken)
    {
        LastPayload = payload;
        return Task.FromResult(payload);
    }

    public Task<int> Sum(params int[] values) => Task.FromResult(values.Sum());

    public Task<string> Keywords(string @class, int @event = 3) => Task.FromResult($"{@class}:{@event}");

    public Task<string?> MaybeNull(string? value) => Task.FromResult(value);

    public Task<Person> Rename(Person person, string name)
    {
        person.Tags.Add("renamed");
        return Task.FromResult(person with { Name = name });
    }

    public Task<Point> Move(Point point)
    {
        point.History.Add(point.X);
        point.X++;
        return Task.FromResult(point);
    }

    public Task<Box<List<int>>> Wrap(Box<List<int>> box)
    {
        box.Value?.Add(100);
        return Task.FromResult(box);
    }

    public Task<Animal> Adopt(Animal animal)
    {
        animal.Names.Add("adopted");
        return Task.FromResult(animal);
    }
}

public sealed class DerivedGrain : Grain, IDerivedGrain
{
    public Task<string> Base() => Task.FromResult("base");

    Task<int> IBaseGrain.Same() => Task.FromResult(1);

    Task<int> IOtherBaseGrain.Same() => Task.FromResult(2);

    public Task<string> Derived() => Task.FromResult("derived");
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    public CounterGrain(
        [PersistentState("s", "store")] IPersistentState<CounterState> state,
        ILogger<CounterGrain> logger,
        IGrainContext context)
    {
        State = state;
        Logger = logger;
        Context = context;
    }

    /// <summary>Not chosen: the constructor with the most parameters wins.</summary>
    public CounterGrain(IPersistentState<CounterState> state)
        : this(state, null!, null!)
    {
    }

    public IPersistentState<CounterState> State { get; }

    public ILogger<CounterGrain> Logger { get; }

    public IGrainContext Context { get; }

    public Task<int> Increment() => Task.FromResult(++State.State.Value);
}

public interface IClock
{
    string Name { get; }
}

public sealed class NamedClock(string name) : IClock
{
    public string Name { get; } = name;
}

public sealed class KeyedGrain : Grain, IGuidCompoundGrain
{
    public KeyedGrain(IClock fallback)
        : this(fallback, fallback)
    {
    }

    [ActivatorUtilitiesConstructor]
    public KeyedGrain([FromKeyedServices("fast")] IClock fast, IClock? slow, int retries = 3, IClock? optional = null, TimeSpan? delay = null)
    {
        Fast = fast;
        Slow = slow;
        Retries = retries;
        Optional = optional;
        Delay = delay;
    }

    private KeyedGrain(IClock fast, IClock slow)
    {
        Fast = fast;
        Slow = slow;
    }

    public IClock Fast { get; }

    public IClock? Slow { get; }

    public int Retries { get; }

    public IClock? Optional { get; }

    public TimeSpan? Delay { get; }

    public Task<string> Describe() => Task.FromResult(Fast.Name);
}

public sealed class CompoundGrain : Grain, IIntegerCompoundGrain
{
    public Task<string> Describe() => Task.FromResult("compound");
}
