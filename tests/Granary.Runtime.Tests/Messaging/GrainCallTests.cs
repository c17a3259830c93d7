using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Messaging;

public sealed class GrainCallTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_calls_a_grain_it_received_as_an_argument()
    {
        var caller = _cluster.GrainFactory.GetGrain<ICallerGrain>("caller");
        var target = _cluster.GrainFactory.GetGrain<IStringKeyGrain>("passed-along");

        Assert.Equal("passed-along", await caller.AskKeyOf(target));
    }

    [Fact]
    public async Task A_grain_returns_a_reference_the_caller_can_use()
    {
        var caller = _cluster.GrainFactory.GetGrain<ICallerGrain>("maker");

        var made = await caller.MakeReference("made");

        Assert.Equal("made", await made.GetKey());
        Assert.Equal(_cluster.GrainFactory.GetGrain<IStringKeyGrain>("made"), made);
    }

    [Fact]
    public async Task Grains_call_each_other_back_and_forth()
    {
        // a -> b -> a would deadlock a non-reentrant grain; a -> b -> c -> d is a chain.
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("chain-a");

        Assert.Equal(1, await grain.CallBack("chain-b", 1));
    }

    [Fact]
    public async Task An_exception_reaches_the_caller_with_its_type_message_and_data()
    {
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("thrower");

        var error = await Assert.ThrowsAsync<GrainTestException>(() => grain.Fail("boom"));

        Assert.Equal("boom", error.Message);
        Assert.Equal(42, error.Detail);
        // The activation survives an application exception.
        await grain.GetActivationId();
        Assert.Equal(1, _cluster.Log().Count("activate:thrower"));
    }

    [Fact]
    public async Task Arguments_are_copied_so_the_caller_cannot_mutate_grain_state()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("copy-args");
        var payload = new Payload { Name = "original", Numbers = [1, 2] };

        await grain.Store(payload);
        payload.Name = "changed by caller";
        payload.Numbers.Add(3);

        var stored = await grain.GetStored();
        Assert.Equal("original", stored.Name);
        Assert.Equal([1, 2], stored.Numbers);
    }

    [Fact]
    public async Task Results_are_copied_so_the_caller_cannot_mutate_grain_state()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("copy-results");
        await grain.Store(new Payload { Name = "kept", Numbers = [7] });

        var first = await grain.GetStored();
        first.Name = "mutated";
        first.Numbers.Clear();

        var second = await grain.GetStored();
        Assert.Equal("kept", second.Name);
        Assert.Equal([7], second.Numbers);
        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task A_grain_mutating_its_argument_does_not_touch_the_callers_object()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("mutator");
        var payload = new Payload { Name = "mine", Numbers = [1] };

        var returned = await grain.MutateAndReturn(payload);

        Assert.Equal("mine", payload.Name);
        Assert.Equal([1], payload.Numbers);
        Assert.Equal("mine!", returned.Name);
        Assert.Equal([1, 99], returned.Numbers);
    }

    [Fact]
    public async Task Object_graphs_keep_shared_references_and_cycles()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("graph");
        var shared = new Payload { Name = "shared" };
        var root = new Payload { Name = "root", Next = shared, Children = { ["a"] = shared } };
        shared.Next = root;

        var copy = await grain.Echo(root);

        Assert.NotSame(root, copy);
        Assert.Same(copy.Next, copy.Children["a"]);
        Assert.Same(copy, copy.Next!.Next);
        Assert.Equal("shared", copy.Next.Name);
    }

    [Fact]
    public async Task Immutable_values_are_passed_without_copying()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("immutable");
        var shared = new SharedPayload("x");

        var echoed = await grain.EchoImmutable(shared);

        Assert.Same(shared, echoed);
        Assert.True(await grain.IsSameInstance(shared));
    }

    [Fact]
    public async Task A_value_the_runtime_cannot_copy_fails_the_call_with_a_typed_error()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("uncopyable");

        var error = await Assert.ThrowsAsync<Granary.Serialization.CopierNotFoundException>(
            () => grain.EchoUnregistered(new Unregistered { Value = 1 }));

        Assert.Equal(typeof(Unregistered), error.Type);
        Assert.Contains("[GenerateSerializer]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_typed_as_object_are_copied_by_their_runtime_type()
    {
        var grain = _cluster.GrainFactory.GetGrain<ICallerGrain>("object");
        var payload = new Payload { Name = "boxed", Numbers = [5] };
        var list = new List<Payload> { payload, payload };

        var copiedPayload = (Payload)await grain.EchoObject(payload);
        var copiedList = (List<Payload>)await grain.EchoObject(list);
        var number = (int)await grain.EchoObject(12);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "A" };
        var copiedSet = (HashSet<string>)await grain.EchoObject(set);
        var queue = new Queue<Payload>([payload]);
        var copiedQueue = (Queue<Payload>)await grain.EchoObject(queue);

        Assert.NotSame(payload, copiedPayload);
        Assert.Equal("boxed", copiedPayload.Name);
        Assert.NotSame(list, copiedList);
        Assert.Same(copiedList[0], copiedList[1]);
        Assert.Equal(12, number);
        Assert.NotSame(set, copiedSet);
        Assert.Contains("a", copiedSet);
        Assert.NotSame(queue, copiedQueue);
        Assert.NotSame(payload, copiedQueue.Peek());
        Assert.Equal("boxed", copiedQueue.Peek().Name);
    }
}
