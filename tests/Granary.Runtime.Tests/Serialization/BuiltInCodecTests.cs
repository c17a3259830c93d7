using System.Collections.Immutable;
using Granary.Serialization;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>Every built-in type survives a round trip, as a declared field and boxed in an object field.</summary>
public sealed class BuiltInCodecTests
{
    private readonly WireTestHarness _harness = new();

    public static TheoryData<object?> Scalars() => new()
    {
        null,
        true,
        false,
        'x',
        '\uFFFF',
        (sbyte)-128,
        (byte)255,
        (short)-12345,
        (ushort)65535,
        0,
        -1,
        int.MinValue,
        int.MaxValue,
        uint.MaxValue,
        long.MinValue,
        long.MaxValue,
        ulong.MaxValue,
        (nint)(-5),
        (nuint)5,
        1.5f,
        float.NaN,
        double.NegativeInfinity,
        Math.PI,
        79228162514264337593543950335m,
        -0.0000000000000000000000000001m,
        123.4500m,
        "",
        "hello",
        "ünïcødé \U0001F600",
        new string('z', 5000),
        Guid.NewGuid(),
        new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc).AddTicks(7),
        new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Unspecified),
        new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5.5)),
        TimeSpan.FromTicks(-123456789),
        new DateOnly(1999, 12, 31),
        new TimeOnly(23, 59, 59, 999),
        Int128.MinValue,
        UInt128.MaxValue,
        Shade.Light,
        Shade.Dark,
        DayOfWeek.Friday,
        GrainId.Create(new GrainType("counter"), "key/with/slashes"),
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Scalars_round_trip_through_object_fields(object? value)
    {
        var copy = _harness.RoundTrip(value);
        Assert.Equal(value, copy);
        Assert.Equal(value?.GetType(), copy?.GetType());
    }

    [Fact]
    public void Scalars_round_trip_as_declared_types()
    {
        Assert.Equal(42, _harness.RoundTrip(42));
        Assert.Equal("text", _harness.RoundTrip("text"));
        Assert.Equal(decimal.MinValue, _harness.RoundTrip(decimal.MinValue));
        var local = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var read = _harness.RoundTrip(local);
        Assert.Equal(local, read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(DateTimeKind.Local, _harness.RoundTrip(DateTime.Now).Kind);
        Assert.Equal(Shade.Dark, _harness.RoundTrip(Shade.Dark));
        Assert.Equal(default(GrainId), _harness.RoundTrip(default(GrainId)));
        Assert.Null(_harness.RoundTrip<string?>(null));
    }

    [Fact]
    public void Byte_arrays_and_arrays()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, _harness.RoundTrip(new byte[] { 1, 2, 3 }));
        Assert.Empty(_harness.RoundTrip(Array.Empty<byte>()));
        var big = new byte[100_000];
        Random.Shared.NextBytes(big);
        Assert.Equal(big, _harness.RoundTrip(big));
        Assert.Equal(new[] { "a", null, "c" }, _harness.RoundTrip(new[] { "a", null, "c" }));
        Assert.Equal(new[] { 1, -2, 3 }, _harness.RoundTrip<object>(new[] { 1, -2, 3 }));
    }

    [Fact]
    public void Nullable_values()
    {
        Assert.Equal(5, _harness.RoundTrip<int?>(5));
        Assert.Null(_harness.RoundTrip<int?>(null));
        Assert.Equal(new Guid?[] { Guid.Empty, null }, _harness.RoundTrip(new Guid?[] { Guid.Empty, null }));
    }

    [Fact]
    public void Collections()
    {
        Assert.Equal(new List<int> { 1, 2, 3 }, _harness.RoundTrip(new List<int> { 1, 2, 3 }));
        var dictionary = new Dictionary<string, List<int>> { ["a"] = [1], ["b"] = [] };
        var copy = _harness.RoundTrip(dictionary);
        Assert.Equal(dictionary.Keys, copy.Keys);
        Assert.Equal([1], copy["a"]);
        Assert.Equal(new HashSet<string> { "x", "y" }, _harness.RoundTrip(new HashSet<string> { "x", "y" }));
        Assert.Equal(new Queue<int>([3, 4]), _harness.RoundTrip(new Queue<int>([3, 4])));
        Assert.Equal(new KeyValuePair<string, int>("k", 9), _harness.RoundTrip(new KeyValuePair<string, int>("k", 9)));
        Assert.Equal((1, "two"), _harness.RoundTrip((1, "two")));
        Assert.Equal((1, "two", 3.0), _harness.RoundTrip((1, "two", 3.0)));
        Assert.Equal((1, "two", 3.0, 'f'), _harness.RoundTrip((1, "two", 3.0, 'f')));
        Assert.Equal([1, 2], _harness.RoundTrip(ImmutableArray.Create(1, 2)).AsEnumerable());
        Assert.True(_harness.RoundTrip(default(ImmutableArray<int>)).IsDefault);
        Assert.Equal(ImmutableList.Create("p", "q"), _harness.RoundTrip(ImmutableList.Create("p", "q")));
        Assert.Equal(new List<int> { 7 }, Assert.IsType<List<int>>(_harness.RoundTrip<object>(new List<int> { 7 })));
        Assert.Equal(new Dictionary<int, string> { [1] = "one" }, _harness.RoundTrip<object>(new Dictionary<int, string> { [1] = "one" }));
    }

    [Fact]
    public void Immutable_wrapper_is_transparent()
    {
        var value = new Immutable<List<int>>([1, 2]);
        Assert.Equal([1, 2], _harness.RoundTrip(value).Value);
    }

    [Fact]
    public void Multi_segment_input_is_read_like_one_buffer()
    {
        var bytes = _harness.Serialize(new List<string> { "a", "bb", new string('c', 300) });
        var first = new Segment(bytes.AsMemory(0, 3));
        var last = first.Append(bytes.AsMemory(3));
        var copy = _harness.Serializer.Deserialize<List<string>>(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.Equal(["a", "bb", new string('c', 300)], copy);
    }

    [Fact]
    public void Plain_object()
    {
        Assert.IsType<object>(_harness.RoundTrip(new object()));
    }

    [Fact]
    public void Type_without_codec_fails_with_a_clear_exception()
    {
        var exception = Assert.Throws<CodecNotFoundException>(() => _harness.Serialize(new Uri("http://example.com")));
        Assert.Equal(typeof(Uri), exception.Type);
    }

    [Fact]
    public void Small_values_are_compact()
    {
        // version, header, varint, end; version, header, length, 5 bytes, end
        Assert.Equal(4, _harness.Serialize(42).Length);
        Assert.Equal(9, _harness.Serialize("hello").Length);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
