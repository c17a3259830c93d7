using System.Buffers;
using Granary.Serialization;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>Corrupt input fails with WireFormatException only, and never allocates in proportion to a claimed size.</summary>
public sealed class MalformedInputTests
{
    private readonly WireTestHarness _harness = new();

    [Fact]
    public void Every_truncation_of_a_valid_message_is_a_format_error()
    {
        var order = new Order("o", 1m, [new Line("a", 1)]);
        var bytes = _harness.Serialize<object>(order);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<WireFormatException>(() => _harness.Deserialize<object>(bytes[..length]));
        }
    }

    [Fact]
    public void Bad_varint_is_a_format_error()
    {
        byte[] bytes = [1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>(bytes));
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>([1, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x05]));
    }

    [Fact]
    public void Absurd_lengths_and_counts_are_format_errors()
    {
        // A string field claiming 2^62 bytes; a list claiming a billion elements.
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<string>([1, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F]));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<List<int>>([1, 0x04, 0x00, 0x80, 0x94, 0xEB, 0xDC, 0x03, 0x10, 0x00, 0x05, 0x05]));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Fact]
    public void Wrong_version_unknown_wire_type_and_dangling_reference_are_format_errors()
    {
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>([]));
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>([2, 0x00, 0x01, 0x05]));
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>([1, 0x0F, 0x05]));
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<object>([1, 0x07, 0x09, 0x05]));
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>([1, 0x03, 0x01, 0x41, 0x05]));
    }

    [Fact]
    public void Deep_nesting_is_a_format_error_not_a_stack_overflow()
    {
        var bytes = new byte[1 + 100_000];
        bytes[0] = 1;
        bytes.AsSpan(1).Fill(0x14); // StartObject of field 1, forever
        Assert.Throws<WireFormatException>(() => _harness.Deserialize<int>(bytes));
    }

    [Fact]
    public void Random_bytes_only_ever_fail_with_format_errors()
    {
        var random = new Random(12345);
        var valid = _harness.Serialize<object>(new Zoo { Star = new Dog { Name = "d" }, Animals = [new Cat()], Anything = (1, "x") });
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 0)
            {
                // Half of the inputs are a valid message with a few corrupted bytes, which reach deeper code paths.
                bytes = (byte[])valid.Clone();
                for (var j = 0; j < 1 + random.Next(3); j++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }
            else if (bytes.Length > 0)
            {
                bytes[0] = WireSerializerVersion;
            }

            Check(() => _harness.Deserialize<object>(bytes));
            Check(() => _harness.Deserialize<Zoo>(bytes));
            Check(() => _harness.Serializer.DeserializeRequest(new ReadOnlySequence<byte>(bytes)));
        }
    }

    private const byte WireSerializerVersion = 1;

    private static void Check(Action action)
    {
        try
        {
            action();
        }
        catch (WireFormatException)
        {
        }
    }
}
