using Granary.CodeGenerator.Tests.Infrastructure;
using Granary.CodeGenerator.Tests.Sample;
using Granary.Metadata;
using Granary.Serialization;

namespace Granary.CodeGenerator.Tests.Behaviour;

/// <summary>Checks the generated copiers through a copy context that dispatches on runtime types.</summary>
public sealed class CopierTests
{
    private readonly GranaryManifest _manifest = GeneratedManifest.Load();

    [Fact]
    public void Manifest_registers_copiers_for_serializable_types_only()
    {
        Assert.IsAssignableFrom<IDeepCopier<Payload>>(_manifest.Copiers[typeof(Payload)]);
        Assert.IsAssignableFrom<IDeepCopier<Point>>(_manifest.Copiers[typeof(Point)]);
        Assert.IsAssignableFrom<IDeepCopier<Person>>(_manifest.Copiers[typeof(Person)]);
        Assert.True(_manifest.GenericCopiers.ContainsKey(typeof(Box<>)));
        Assert.DoesNotContain(typeof(Color), _manifest.Copiers.Keys);
        Assert.DoesNotContain(typeof(CounterState), _manifest.Copiers.Keys);
    }

    [Fact]
    public void Class_with_private_fields_nested_objects_and_lists_is_copied_deeply()
    {
        var original = new Payload { Name = "p", Head = new Node { Value = 1, Next = new Node { Value = 2 } }, Numbers = [1, 2] };
        original.Add(10);

        var copy = Copy(original);

        Assert.NotSame(original, copy);
        Assert.Equal("p", copy.Name);
        Assert.Equal([10], copy.Items);
        Assert.NotSame(original.Items, copy.Items);
        Assert.NotSame(original.Head, copy.Head);
        Assert.Equal(2, copy.Head!.Next!.Value);
        Assert.NotSame(original.Numbers, copy.Numbers);

        copy.Add(11);
        copy.Head.Value = 100;
        copy.Numbers![0] = 50;
        Assert.Equal([10], original.Items);
        Assert.Equal(1, original.Head.Value);
        Assert.Equal(1, original.Numbers[0]);
    }

    [Fact]
    public void Cycles_and_shared_references_are_preserved()
    {
        var original = new Payload();
        original.Self = original;
        var ring = new Node { Value = 1 };
        ring.Next = new Node { Value = 2, Next = ring };
        original.Head = ring;

        var copy = Copy(original);

        Assert.Same(copy, copy.Self);
        Assert.NotSame(ring, copy.Head);
        Assert.Same(copy.Head, copy.Head!.Next!.Next);
    }

    [Fact]
    public void Positional_record_is_copied_through_its_backing_fields()
    {
        var original = new Person("Ada", ["a"], new Address { City = "London" });

        var copy = Copy(original);

        Assert.Equal("Ada", copy.Name);
        Assert.NotSame(original.Tags, copy.Tags);
        Assert.NotSame(original.Home, copy.Home);
        copy.Tags.Add("b");
        copy.Home.City = "Paris";
        Assert.Equal(["a"], original.Tags);
        Assert.Equal("London", original.Home.City);
    }

    [Fact]
    public void Struct_fields_are_copied_including_private_ones()
    {
        var original = new Point { X = 3, History = [1], Label = new Address { City = "c" } };

        var copy = Copy(original);

        Assert.Equal(3, copy.X);
        Assert.NotSame(original.History, copy.History);
        Assert.NotSame(original.Label, copy.Label);
        copy.History.Add(2);
        Assert.Equal([1], original.History);
    }

    [Fact]
    public void Derived_class_copies_its_own_and_its_base_fields_when_typed_as_the_base()
    {
        var dog = new Dog();
        dog.Names.Add("rex");
        dog.Tricks.Add("sit");

        var copy = Copy<Animal>(dog);

        var copiedDog = Assert.IsType<Dog>(copy);
        Assert.Equal(["rex"], copiedDog.Names);
        Assert.Equal(["sit"], copiedDog.Tricks);
        Assert.NotSame(dog.Names, copiedDog.Names);
        Assert.NotSame(dog.Tricks, copiedDog.Tricks);
    }

    [Fact]
    public void Generic_type_is_copied_by_the_generic_copier()
    {
        var original = new Box<List<int>> { Value = [1] };
        original.History.Add([2]);

        var copy = Copy(original);

        Assert.NotSame(original, copy);
        Assert.NotSame(original.Value, copy.Value);
        Assert.NotSame(original.History[0], copy.History[0]);
        copy.Value!.Add(3);
        Assert.Equal([1], original.Value);
        Assert.Equal([2], copy.History[0]);
    }

    [Fact]
    public async Task Results_are_copied_through_generated_requests_too()
    {
        var grain = new EchoGrain();
        var runtime = new InProcessRuntime(grain, new TestDeepCopier(_manifest));
        var echo = (IEchoGrain)_manifest.Interfaces[typeof(IEchoGrain)](runtime, GrainId.Create(new GrainType("echo"), "1"));

        var person = new Person("Ada", [], new Address());
        var renamed = await echo.Rename(person, "Grace");
        Assert.Equal("Grace", renamed.Name);
        Assert.Empty(person.Tags);
        Assert.Equal(["renamed"], renamed.Tags);

        var point = new Point { X = 1, History = [] };
        var moved = await echo.Move(point);
        Assert.Equal(2, moved.X);
        Assert.Empty(point.History);

        var box = new Box<List<int>> { Value = [] };
        var wrapped = await echo.Wrap(box);
        Assert.Equal([100], wrapped.Value);
        Assert.Empty(box.Value);

        var dog = new Dog();
        var adopted = await echo.Adopt(dog);
        Assert.IsType<Dog>(adopted);
        Assert.Equal(["adopted"], adopted.Names);
        Assert.Empty(dog.Names);
    }

    [Fact]
    public void Immutable_record_struct_needs_no_field_copies()
    {
        var money = new Money(1.5m, "EUR");

        Assert.Equal(money, Copy(money));
    }

    [Fact]
    public void Fields_of_generic_base_classes_are_copied()
    {
        var labels = new Labels { Tag = ["a"], Extra = ["b"] };
        var box = new TaggedBox<Address> { Tag = [new Address { City = "x" }], Item = new Address { City = "y" } };

        var labelsCopy = Copy(labels);
        var boxCopy = Copy(box);

        Assert.NotSame(labels.Tag, labelsCopy.Tag);
        Assert.Equal(["a"], labelsCopy.Tag!);
        Assert.NotSame(labels.Extra, labelsCopy.Extra);
        Assert.NotSame(box.Tag, boxCopy.Tag);
        Assert.NotSame(box.Tag[0], boxCopy.Tag![0]);
        Assert.Equal("x", boxCopy.Tag[0].City);
        Assert.NotSame(box.Item, boxCopy.Item);
    }

    private T Copy<T>(T value) => new TestCopyContext(_manifest).Copy(value);
}
