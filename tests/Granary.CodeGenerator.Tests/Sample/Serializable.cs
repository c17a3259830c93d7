using Granary.Serialization;

namespace Granary.CodeGenerator.Tests.Sample;

[GenerateSerializer]
public class Payload
{
    private readonly List<int> _items = [];

    public string Name { get; set; } = "";

    public Node? Head { get; set; }

    public Payload? Self;

    public int[]? Numbers { get; set; }

    public IReadOnlyList<int> Items => _items;

    public void Add(int item) => _items.Add(item);
}

[GenerateSerializer]
public sealed class Node
{
    public int Value { get; set; }

    public Node? Next { get; set; }
}

[GenerateSerializer]
public sealed record Person(string Name, List<string> Tags, Address Home);

[GenerateSerializer]
public sealed class Address
{
    public string City { get; set; } = "";
}

[GenerateSerializer]
public struct Point
{
    public int X;

    public List<int> History;

    private Address? _label;

    public Address? Label
    {
        readonly get => _label;
        set => _label = value;
    }
}

[GenerateSerializer]
public class Animal
{
    private List<string> _names = [];

    public List<string> Names => _names;

    public void Rename(List<string> names) => _names = names;
}

[GenerateSerializer]
public sealed class Dog : Animal
{
    private readonly List<string> _tricks = [];

    public List<string> Tricks => _tricks;
}

[GenerateSerializer]
public sealed class Box<T>
{
    private List<T> _history = [];

    public T? Value { get; set; }

    public List<T> History => _history;

    public void Reset() => _history = [];
}

[GenerateSerializer]
public readonly record struct Money(decimal Amount, string Currency);

[GenerateSerializer]
public enum Color
{
    Red,
    Green,
}

public sealed class CounterState
{
    public int Value { get; set; }
}

/// <summary>Not serializable itself: its private field is reached through the closed base type Tagged&lt;List&lt;string&gt;&gt;.</summary>
public class Tagged<T>
{
    private T? _tag;

    public T? Tag
    {
        get => _tag;
        set => _tag = value;
    }
}

[GenerateSerializer]
public sealed class Labels : Tagged<List<string>>
{
    public List<string> Extra { get; set; } = [];
}

[GenerateSerializer]
public sealed class TaggedBox<T> : Tagged<List<T>>
{
    public T? Item { get; set; }
}
