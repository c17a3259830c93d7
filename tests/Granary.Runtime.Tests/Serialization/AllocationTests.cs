using System.Buffers;
using Granary.Invocation;
using Xunit.Abstractions;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>Informational: serializing a small request allocates nothing beyond the output buffer (loose bound, no timing).</summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    private readonly WireTestHarness _harness = new();

    [Fact]
    public void Serializing_a_request_with_two_small_arguments_does_not_allocate()
    {
        var grain = _harness.Reference<IWireTestGrain>("a");
        _ = grain.Describe("prefix", 42);
        var request = _harness.Runtime.Sent[^1];
        var buffer = new ArrayBufferWriter<byte>(1024);

        for (var i = 0; i < 100; i++)
        {
            buffer.ResetWrittenCount();
            _harness.Serializer.SerializeRequest(request, buffer);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        const int iterations = 1000;
        for (var i = 0; i < iterations; i++)
        {
            buffer.ResetWrittenCount();
            _harness.Serializer.SerializeRequest(request, buffer);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
        output.WriteLine($"{buffer.WrittenCount} bytes per request, {perCall:F1} bytes allocated per serialization");
        Assert.True(perCall < 16, $"{perCall} bytes allocated per serialization");

        var received = _harness.Serializer.DeserializeRequest(new ReadOnlySequence<byte>(buffer.WrittenMemory));
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            received = _harness.Serializer.DeserializeRequest(new ReadOnlySequence<byte>(buffer.WrittenMemory));
        }

        output.WriteLine($"{(GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations:F1} bytes allocated per deserialization (request object and its string argument)");
        Assert.IsAssignableFrom<GrainRequest<string>>(received);
    }
}
