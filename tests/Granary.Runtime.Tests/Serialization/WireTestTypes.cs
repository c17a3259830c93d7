using Granary.Serialization;

namespace Granary.Runtime.Tests.Serialization;

public enum Shade : short
{
    Light = -1,
    Dark = 7,
}

[GenerateSerializer]
public sealed class Customer
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Age { get; init; }

    [Id(2)]
    private readonly List<string> _tags = [];

    [Id(3)]
    public Address? Home { get; set; }

    [Id(5)]
    public Shade Shade { get; set; }

    [NonSerialized]
    public int Transient;

    public List<string> Tags => _tags;
}

[GenerateSerializer]
public sealed class Address
{
    [Id(0)]
    public string City { get; set; } = "";
}

[GenerateSerializer]
public sealed record Order([Id(0)] string Id, [Id(1)] decimal Total, [Id(2)] List<Line> Lines);

[GenerateSerializer]
public sealed record Line([property: Id(0)] string Sku, [property: Id(1)] int Quantity);

[GenerateSerializer]
public struct Vector
{
    [Id(0)]
    public double X;

    [Id(1)]
    public double Y;

    [Id(2)]
    public string? Label;
}

[GenerateSerializer]
public readonly record struct Money([Id(0)] decimal Amount, [Id(1)] string Currency);

[GenerateSerializer]
public sealed class Box<T>
{
    [Id(0)]
    public T Value { get; set; } = default!;

    [Id(1)]
    public List<T> More { get; set; } = [];
}

[GenerateSerializer]
public abstract class Animal
{
    [Id(0)]
    public string Name { get; set; } = "";
}

[GenerateSerializer]
public sealed class Dog : Animal
{
    [Id(1)]
    public bool GoodBoy { get; set; }
}

[GenerateSerializer]
public sealed class Cat : Animal
{
    [Id(1)]
    public int Lives { get; set; }
}

[GenerateSerializer]
public sealed class Zoo
{
    [Id(0)]
    public Animal? Star { get; set; }

    [Id(1)]
    public List<Animal> Animals { get; set; } = [];

    [Id(2)]
    public object? Anything { get; set; }

    [Id(3)]
    public IEnumerable<int>? Sequence { get; set; }
}

[GenerateSerializer]
public sealed class TreeNode
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public TreeNode? Parent { get; set; }

    [Id(2)]
    public List<TreeNode> Children { get; set; } = [];
}

[GenerateSerializer]
public class GenericBase<T>
{
    [Id(0)]
    private T _item = default!;

    public T Item
    {
        get => _item;
        set => _item = value;
    }
}

[GenerateSerializer]
public sealed class StringItem : GenericBase<string>
{
    [Id(1)]
    public int Extra { get; set; }
}

// Two versions of one type, as two builds of an application would declare it: the same [Alias], v2 adds fields.
[GenerateSerializer]
[Alias("test.profile")]
public sealed class ProfileV1
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Score { get; set; }
}

[GenerateSerializer]
[Alias("test.profile")]
public sealed class ProfileV2
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Score { get; set; }

    [Id(2)]
    public List<string> Badges { get; set; } = [];

    [Id(3)]
    public Address? Address { get; set; }

    [Id(4)]
    public string Nickname { get; set; } = "unset";
}

public sealed class WireTestException : Exception
{
    public WireTestException(string message)
        : base(message)
    {
    }

    public WireTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WireTestException()
    {
    }
}

/// <summary>No (string) constructor: the reader cannot re-create it and falls back to RemoteGrainException.</summary>
public sealed class UnconstructibleException(int code) : Exception("code " + code)
{
    public int Code { get; } = code;
}

[Alias("test.wire-grain")]
public interface IWireTestGrain : IGrainWithStringKey
{
    Task<string> Describe(string prefix, int count);

    Task<Customer> Echo(Customer customer);

    Task<IWireTestGrain> Self(IWireTestGrain other);

    Task Fail(string message);

    ValueTask<int> Sum(List<int> values, CancellationToken cancellationToken = default);
}

/// <summary>Not a grain class: the request tests invoke requests on it directly.</summary>
public sealed class WireTestGrainImpl : IWireTestGrain
{
    public Task<string> Describe(string prefix, int count) => Task.FromResult($"{prefix}:{count}");

    public Task<Customer> Echo(Customer customer) => Task.FromResult(customer);

    public Task<IWireTestGrain> Self(IWireTestGrain other) => Task.FromResult(other);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public ValueTask<int> Sum(List<int> values, CancellationToken cancellationToken = default) => new(values.Sum());
}
