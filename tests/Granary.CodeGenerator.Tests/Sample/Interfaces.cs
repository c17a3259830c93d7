using Granary.Concurrency;

namespace Granary.CodeGenerator.Tests.Sample;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> Echo(string text);

    ValueTask<int> Count(List<int> values);

    Task Fail(string message);

    ValueTask Ping();

    [ReadOnly]
    Task<string> Read();

    [AlwaysInterleave]
    ValueTask<int> Interleaved();

    [OneWay]
    Task Notify(Payload payload);

    Task<Payload> Roundtrip(Payload payload, CancellationToken cancellationToken);

    Task<int> Sum(params int[] values);

    Task<string> Keywords(string @class, int @event = 3);

    Task<string?> MaybeNull(string? value);

    Task<Person> Rename(Person person, string name);

    Task<Point> Move(Point point);

    Task<Box<List<int>>> Wrap(Box<List<int>> box);

    Task<Animal> Adopt(Animal animal);
}

public interface IBaseGrain : IGrainWithGuidKey
{
    Task<string> Base();

    Task<int> Same();
}

public interface IOtherBaseGrain : IGrainWithGuidKey
{
    Task<int> Same();
}

/// <summary>Inherits from two interfaces that declare the same signature.</summary>
public interface IDerivedGrain : IBaseGrain, IOtherBaseGrain
{
    Task<string> Derived();
}

public interface ICounterGrain : IGrainWithIntegerKey
{
    Task<int> Increment();
}

public interface IGuidCompoundGrain : IGrainWithGuidCompoundKey
{
    Task<string> Describe();
}

public interface IIntegerCompoundGrain : IGrainWithIntegerCompoundKey
{
    Task<string> Describe();
}
