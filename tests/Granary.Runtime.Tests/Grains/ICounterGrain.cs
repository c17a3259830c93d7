using Granary.Serialization;

namespace Granary.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<CounterSnapshot> Get();

    Task Clear();

    Task Deactivate();

    /// <summary>Writes through a second state object that read the same version: a duplicate activation's write.</summary>
    Task WriteFromStaleCopy(int value);
}

[GenerateSerializer]
public sealed record CounterSnapshot(int Value, string? Etag, bool RecordExists, List<string> History);

public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];
}
