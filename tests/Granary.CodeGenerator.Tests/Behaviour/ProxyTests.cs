using Granary.CodeGenerator.Tests.Infrastructure;
using Granary.CodeGenerator.Tests.Sample;
using Granary.Invocation;
using Granary.Metadata;

namespace Granary.CodeGenerator.Tests.Behaviour;

/// <summary>Drives the proxies generated for Sample/ through a runtime that invokes a real grain instance.</summary>
public sealed class ProxyTests
{
    private static readonly GrainType Type = new("test");
    private readonly GranaryManifest _manifest = GeneratedManifest.Load();

    [Fact]
    public void Manifest_registers_every_grain_interface_and_not_the_key_markers()
    {
        Assert.Contains(typeof(IEchoGrain), _manifest.Interfaces.Keys);
        Assert.Contains(typeof(IDerivedGrain), _manifest.Interfaces.Keys);
        Assert.Contains(typeof(IBaseGrain), _manifest.Interfaces.Keys);
        Assert.Contains(typeof(ICounterGrain), _manifest.Interfaces.Keys);
        Assert.Contains(typeof(IGuidCompoundGrain), _manifest.Interfaces.Keys);
        Assert.Contains(typeof(IIntegerCompoundGrain), _manifest.Interfaces.Keys);
        Assert.DoesNotContain(typeof(IGrainWithStringKey), _manifest.Interfaces.Keys);
        Assert.DoesNotContain(typeof(IGrain), _manifest.Interfaces.Keys);
    }

    [Fact]
    public void Proxy_is_a_grain_reference_for_its_interface_and_id()
    {
        var id = GrainId.Create(Type, "a");
        var proxy = _manifest.Interfaces[typeof(IEchoGrain)](new InProcessRuntime(new EchoGrain(), Copier()), id);

        Assert.IsAssignableFrom<IEchoGrain>(proxy);
        Assert.Equal(typeof(IEchoGrain), proxy.InterfaceType);
        Assert.Equal(id, proxy.GrainId);
    }

    [Fact]
    public async Task All_four_return_shapes_deliver_results()
    {
        var (echo, runtime) = Create<IEchoGrain>(new EchoGrain());

        Assert.Equal("echo:hi", await echo.Echo("hi"));
        Assert.Equal(3, await echo.Count([1, 2, 3]));
        await echo.Ping();
        Assert.Equal("Ping", runtime.LastRequest.MethodName);
        Assert.Equal(7, await echo.Interleaved());
        Assert.Equal(6, await echo.Sum(1, 2, 3));
        Assert.Equal("x:3", await echo.Keywords("x"));
        Assert.Null(await echo.MaybeNull(null));
        Assert.Equal("v", await echo.MaybeNull("v"));
    }

    [Fact]
    public async Task Grain_exceptions_reach_the_caller()
    {
        var (echo, _) = Create<IEchoGrain>(new EchoGrain());

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Fail("boom"));
        Assert.Equal("boom", exception.Message);
    }

    [Fact]
    public async Task Requests_describe_the_call()
    {
        var (echo, runtime) = Create<IEchoGrain>(new EchoGrain());

        await echo.Keywords("k", 9);

        var request = runtime.LastRequest;
        Assert.Equal(typeof(IEchoGrain), request.InterfaceType);
        Assert.Equal("Keywords", request.MethodName);
        Assert.Equal(2, request.ArgumentCount);
        Assert.Equal("k", request.GetArgument(0));
        Assert.Equal(9, request.GetArgument(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.GetArgument(2));
        Assert.Equal(InvokeMethodOptions.None, request.Options);
    }

    [Fact]
    public async Task Method_attributes_become_request_options()
    {
        var (echo, runtime) = Create<IEchoGrain>(new EchoGrain());

        await echo.Read();
        Assert.Equal(InvokeMethodOptions.ReadOnly, runtime.LastRequest.Options);
        await echo.Interleaved();
        Assert.Equal(InvokeMethodOptions.AlwaysInterleave, runtime.LastRequest.Options);
        await echo.Notify(new Payload());
        Assert.Equal(InvokeMethodOptions.OneWay, runtime.LastRequest.Options);
    }

    [Fact]
    public async Task Arguments_and_results_are_copied()
    {
        var grain = new EchoGrain();
        var (echo, _) = Create<IEchoGrain>(grain);
        var payload = new Payload { Name = "original" };
        payload.Add(1);

        await echo.Notify(payload);
        Assert.Equal("original", payload.Name);
        Assert.Equal("changed by grain", grain.LastPayload!.Name);
        Assert.NotSame(payload, grain.LastPayload);

        var list = new List<int> { 1, 2 };
        Assert.Equal(2, await echo.Count(list));
        Assert.Equal([1, 2], list);

        var returned = await echo.Roundtrip(payload, CancellationToken.None);
        Assert.NotSame(payload, returned);
        Assert.NotSame(grain.LastPayload, returned);
        Assert.Equal([1], returned.Items);
    }

    [Fact]
    public async Task Inherited_methods_are_implemented_and_keep_their_declaring_interface()
    {
        var (derived, runtime) = Create<IDerivedGrain>(new DerivedGrain());

        Assert.Equal("derived", await derived.Derived());
        Assert.Equal(typeof(IDerivedGrain), runtime.LastRequest.InterfaceType);
        Assert.Equal("base", await derived.Base());
        Assert.Equal(typeof(IBaseGrain), runtime.LastRequest.InterfaceType);

        // Both bases declare Task<int> Same(): each is routed to its own interface's implementation.
        Assert.Equal(1, await ((IBaseGrain)derived).Same());
        Assert.Equal(typeof(IBaseGrain), runtime.LastRequest.InterfaceType);
        Assert.Equal(2, await ((IOtherBaseGrain)derived).Same());
        Assert.Equal(typeof(IOtherBaseGrain), runtime.LastRequest.InterfaceType);
    }

    [Fact]
    public async Task Grain_references_as_arguments_are_not_copied()
    {
        var (echo, _) = Create<IEchoGrain>(new EchoGrain());
        var (derived, _) = Create<IDerivedGrain>(new DerivedGrain());

        // A reference is immutable: the copier returns it as is.
        Assert.Same(derived, Copier().Copy(derived));
        Assert.Equal("echo:x", await echo.Echo("x"));
    }

    private (T Proxy, InProcessRuntime Runtime) Create<T>(object grain)
    {
        var runtime = new InProcessRuntime(grain, Copier());
        var proxy = _manifest.Interfaces[typeof(T)](runtime, GrainId.Create(Type, Guid.NewGuid().ToString("N")));
        return ((T)(object)proxy, runtime);
    }

    private TestDeepCopier Copier() => new(_manifest);
}
