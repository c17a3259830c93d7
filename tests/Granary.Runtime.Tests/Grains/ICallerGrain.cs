using Granary.Serialization;

namespace Granary.Runtime.Tests.Grains;

/// <summary>A grain that calls other grains, including ones it receives as arguments.</summary>
public interface ICallerGrain : IGrainWithStringKey
{
    Task<string> AskKeyOf(IStringKeyGrain other);

    Task<IStringKeyGrain> MakeReference(string key);

    /// <summary>Calls the named caller grain back; deadlocks for a non-reentrant cycle.</summary>
    Task<int> CallBack(string otherKey, int depth);

    Task<Payload> Echo(Payload payload);

    Task<Payload> MutateAndReturn(Payload payload);

    Task<Payload> GetStored();

    Task Store(Payload payload);

    Task<SharedPayload> EchoImmutable(SharedPayload payload);

    Task<bool> IsSameInstance(SharedPayload payload);

    Task<Unregistered> EchoUnregistered(Unregistered value);

    Task<object> EchoObject(object value);

    Task WaitFor(string gate);
}

[GenerateSerializer]
public sealed class Payload
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public List<int> Numbers { get; set; } = [];

    [Id(2)]
    public Payload? Next { get; set; }

    [Id(3)]
    public Dictionary<string, Payload> Children { get; set; } = [];
}

[Immutable]
public sealed class SharedPayload(string text)
{
    public string Text { get; } = text;
}

/// <summary>Neither [GenerateSerializer] nor [Immutable]: grain calls cannot copy it.</summary>
public sealed class Unregistered
{
    public int Value { get; set; }
}
