using System.Buffers;
using Granary.Invocation;
using Granary.Serialization;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>Requests travel by (interface id, method id), are invoked on a grain, and their outcome travels back.</summary>
public sealed class RequestAndReferenceTests
{
    private readonly WireTestHarness _harness = new();

    [Fact]
    public void Grain_reference_round_trip_re_creates_the_proxy()
    {
        var reference = _harness.Reference<IWireTestGrain>("alice");
        var copy = _harness.RoundTrip(reference);
        Assert.Equal(reference, copy);
        Assert.IsAssignableFrom<GrainReference>(copy);
        Assert.Equal(reference, _harness.RoundTrip<object>(reference));
        Assert.Equal(reference, _harness.RoundTrip<IAddressable>(reference));

        var list = _harness.RoundTrip(new List<IWireTestGrain> { reference, reference });
        Assert.Same(list[0], list[1]);
    }

    [Fact]
    public void Interface_id_comes_from_the_alias()
    {
        var request = SendThrough<IWireTestGrain>(g => g.Describe("p", 1));
        Assert.Equal(Fnv("test.wire-grain"), ((ISerializableRequest)request).InterfaceId);
        Assert.Equal(Fnv("test.wire-grain"), _harness.Manifest.InterfaceIds[typeof(IWireTestGrain)]);
    }

    [Fact]
    public async Task Request_round_trip_through_the_manifest_then_invoked_on_a_grain()
    {
        var original = SendThrough<IWireTestGrain>(g => g.Describe("count", 3));
        var bytes = Write(b => _harness.Serializer.SerializeRequest(original, b));

        var received = _harness.Serializer.DeserializeRequest(new ReadOnlySequence<byte>(bytes));
        Assert.NotSame(original, received);
        Assert.Equal(original.GetType(), received.GetType());
        Assert.Equal("count", received.GetArgument(0));
        Assert.Equal(3, received.GetArgument(1));

        await received.InvokeAsync(new WireTestGrainImpl(), _harness.Copier);
        received.SignalOutcome();
        var response = Write(b => _harness.Serializer.SerializeResponse(received, b));

        _harness.Serializer.DeserializeResponse(original, new ReadOnlySequence<byte>(response));
        Assert.Equal("count:3", await ((GrainRequest<string>)original).AsValueTask());
    }

    [Fact]
    public async Task Request_with_a_generated_type_and_a_cancellation_token()
    {
        var echo = await CallRemotelyAsync<Customer>(g => g.Echo(new Customer { Name = "c", Age = 4 }));
        Assert.Equal("c", echo.Name);

        using var cts = new CancellationTokenSource();
        Assert.Equal(6, await CallRemotelyAsync<int>(g => g.Sum([1, 2, 3], cts.Token).AsTask()));
    }

    [Fact]
    public async Task Grain_reference_argument_and_result()
    {
        var other = _harness.Reference<IWireTestGrain>("bob");
        Assert.Equal(other, await CallRemotelyAsync<IWireTestGrain>(g => g.Self(other)));
    }

    [Fact]
    public async Task Exception_outcome_reaches_the_caller()
    {
        var original = SendThrough<IWireTestGrain>(g => g.Fail("boom"));
        var received = _harness.Serializer.DeserializeRequest(new ReadOnlySequence<byte>(Write(b => _harness.Serializer.SerializeRequest(original, b))));
        await received.InvokeAsync(new WireTestGrainImpl(), _harness.Copier);
        received.SignalOutcome();
        var response = Write(b => _harness.Serializer.SerializeResponse(received, b));
        _harness.Serializer.DeserializeResponse(original, new ReadOnlySequence<byte>(response));
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await ((GrainRequest<object?>)original).AsVoidValueTask());
        Assert.Equal("boom", exception.Message);
        Assert.Contains(nameof(WireTestGrainImpl.Fail), exception.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exception_response_for_a_call_that_never_ran()
    {
        var original = SendThrough<IWireTestGrain>(g => g.Describe("x", 1));
        var response = Write(b => _harness.Serializer.SerializeExceptionResponse(new GrainClassNotFoundException("none"), b));
        _harness.Serializer.DeserializeResponse(original, new ReadOnlySequence<byte>(response));
        await Assert.ThrowsAsync<GrainClassNotFoundException>(async () => await ((GrainRequest<string>)original).AsValueTask());
    }

    [Fact]
    public void Unknown_method_id_is_a_format_error()
    {
        Assert.Throws<WireFormatException>(() => _harness.Serializer.CreateRequest(1, 2));
    }

    [Fact]
    public void Every_generated_request_is_registered_under_its_own_ids()
    {
        foreach (var ((interfaceId, methodId), factory) in _harness.Manifest.RequestFactories)
        {
            var request = (ISerializableRequest)factory();
            Assert.Equal(interfaceId, request.InterfaceId);
            Assert.Equal(methodId, request.MethodId);
        }
    }

    private async Task<T> CallRemotelyAsync<T>(Func<IWireTestGrain, Task> call)
    {
        var original = SendThrough(call);
        var received = _harness.Serializer.DeserializeRequest(new ReadOnlySequence<byte>(Write(b => _harness.Serializer.SerializeRequest(original, b))));
        await received.InvokeAsync(new WireTestGrainImpl(), _harness.Copier);
        received.SignalOutcome();
        _harness.Serializer.DeserializeResponse(original, new ReadOnlySequence<byte>(Write(b => _harness.Serializer.SerializeResponse(received, b))));
        return await ((GrainRequest<T>)original).AsValueTask();
    }

    private GrainRequest SendThrough<TInterface>(Func<TInterface, Task> call)
        where TInterface : IGrain
    {
        _ = call(_harness.Reference<TInterface>("target"));
        return _harness.Runtime.Sent[^1];
    }

    private static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
