using Granary.Serialization;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>Generated codecs: classes, records, structs, generics, inheritance, polymorphism, shared references and cycles.</summary>
public sealed class GeneratedCodecTests
{
    private readonly WireTestHarness _harness = new();

    [Fact]
    public void Class_with_private_readonly_and_init_members()
    {
        var customer = new Customer { Name = "Ada", Age = 36, Home = new Address { City = "London" }, Shade = Shade.Dark, Transient = 5 };
        customer.Tags.Add("vip");
        var copy = _harness.RoundTrip(customer);
        Assert.Equal("Ada", copy.Name);
        Assert.Equal(36, copy.Age);
        Assert.Equal(["vip"], copy.Tags);
        Assert.Equal("London", copy.Home!.City);
        Assert.Equal(Shade.Dark, copy.Shade);
        Assert.Equal(0, copy.Transient);
    }

    [Fact]
    public void Records_with_ids_on_parameters_and_properties()
    {
        var order = new Order("o-1", 12.5m, [new Line("apple", 3), new Line("pear", 1)]);
        var copy = _harness.RoundTrip(order);
        Assert.Equal(order.Id, copy.Id);
        Assert.Equal(order.Total, copy.Total);
        Assert.Equal(order.Lines, copy.Lines);
    }

    [Fact]
    public void Structs()
    {
        var vector = new Vector { X = 1.5, Y = -2, Label = "v" };
        var copy = _harness.RoundTrip(vector);
        Assert.Equal(vector.X, copy.X);
        Assert.Equal(vector.Y, copy.Y);
        Assert.Equal("v", copy.Label);
        Assert.Equal(new Money(9.99m, "EUR"), _harness.RoundTrip(new Money(9.99m, "EUR")));
        Assert.Equal(new Money(1m, "USD"), _harness.RoundTrip<object>(new Money(1m, "USD")));
    }

    [Fact]
    public void Generic_types_and_generic_bases()
    {
        var box = new Box<Address> { Value = new Address { City = "Paris" }, More = [new Address { City = "Lyon" }] };
        var copy = _harness.RoundTrip(box);
        Assert.Equal("Paris", copy.Value.City);
        Assert.Equal("Lyon", copy.More[0].City);

        var boxed = Assert.IsType<Box<int>>(_harness.RoundTrip<object>(new Box<int> { Value = 3, More = [4] }));
        Assert.Equal(3, boxed.Value);

        var item = _harness.RoundTrip(new StringItem { Item = "base field", Extra = 2 });
        Assert.Equal("base field", item.Item);
        Assert.Equal(2, item.Extra);
    }

    [Fact]
    public void Derived_types_through_base_typed_fields()
    {
        var zoo = new Zoo
        {
            Star = new Dog { Name = "Rex", GoodBoy = true },
            Animals = [new Cat { Name = "Tom", Lives = 9 }, new Dog { Name = "Fido" }],
            Anything = new Line("sku", 2),
            Sequence = new List<int> { 1, 2 },
        };
        var copy = _harness.RoundTrip(zoo);
        var star = Assert.IsType<Dog>(copy.Star);
        Assert.Equal("Rex", star.Name);
        Assert.True(star.GoodBoy);
        Assert.Equal(9, Assert.IsType<Cat>(copy.Animals[0]).Lives);
        Assert.IsType<Dog>(copy.Animals[1]);
        Assert.Equal(new Line("sku", 2), copy.Anything);
        Assert.Equal([1, 2], Assert.IsType<List<int>>(copy.Sequence));
        Assert.IsType<Cat>(_harness.RoundTrip<Animal>(new Cat()));
    }

    [Fact]
    public void Shared_references_stay_shared()
    {
        var address = new Address { City = "Oslo" };
        var list = new List<Address> { address, address, new Address { City = "Oslo" } };
        var copy = _harness.RoundTrip(list);
        Assert.Same(copy[0], copy[1]);
        Assert.NotSame(copy[0], copy[2]);

        var shared = new List<int> { 1 };
        var pair = _harness.RoundTrip((shared, shared));
        Assert.Same(pair.Item1, pair.Item2);
    }

    [Fact]
    public void Cycles_are_preserved()
    {
        var root = new TreeNode { Value = 1 };
        var child = new TreeNode { Value = 2, Parent = root };
        root.Children.Add(child);
        root.Parent = root;
        var copy = _harness.RoundTrip(root);
        Assert.Same(copy, copy.Parent);
        Assert.Same(copy, copy.Children[0].Parent);
        Assert.Equal(2, copy.Children[0].Value);

        var selfList = new List<object>();
        selfList.Add(selfList);
        var listCopy = _harness.RoundTrip(selfList);
        Assert.Same(listCopy, listCopy[0]);

        var array = new object[1];
        array[0] = array;
        var arrayCopy = _harness.RoundTrip(array);
        Assert.Same(arrayCopy, arrayCopy[0]);
    }

    [Fact]
    public void Type_names_are_written_once_per_message()
    {
        var one = _harness.Serialize<object>(new List<object> { new Address { City = "a" } });
        var many = _harness.Serialize<object>(new List<object> { new Address { City = "a" }, new Address { City = "a" } });
        var name = System.Text.Encoding.UTF8.GetBytes(typeof(Address).FullName!);
        Assert.Equal(1, Count(one, name));
        Assert.Equal(1, Count(many, name));
    }

    private static int Count(byte[] haystack, byte[] needle)
    {
        var count = 0;
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                count++;
            }
        }

        return count;
    }
}
