using Granary.Runtime.Tests.Grains;
using Granary.Testing;

namespace Granary.Runtime.Tests.Activation;

public sealed class CatalogTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_key_kind_reaches_a_grain_that_sees_its_own_key()
    {
        var guid = Guid.NewGuid();
        var factory = _cluster.GrainFactory;

        Assert.Equal("alpha/β", await factory.GetGrain<IStringKeyGrain>("alpha/β").GetKey());
        Assert.Equal(guid, await factory.GetGrain<IGuidKeyGrain>(guid).GetKey());
        Assert.Equal(-42L, await factory.GetGrain<ILongKeyGrain>(-42).GetKey());
        Assert.Equal($"{guid}+ext", await factory.GetGrain<IGuidCompoundKeyGrain>(guid, "ext").GetKey());
        Assert.Equal("7+a+b", await factory.GetGrain<ILongCompoundKeyGrain>(7, "a+b").GetKey());
    }

    [Fact]
    public async Task A_reference_does_nothing_until_the_first_call()
    {
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("lazy");
        var id = grain.GetGrainId();

        Assert.False(_cluster.Primary.IsActive(id));
        Assert.Empty(_cluster.Log().Events);

        await grain.GetActivationId();

        Assert.True(_cluster.Primary.IsActive(id));
        Assert.Equal(1, _cluster.Log().Count("activate:lazy"));
    }

    [Fact]
    public async Task Concurrent_first_calls_create_exactly_one_activation()
    {
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>("single");

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => grain.GetActivationId())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, _cluster.Log().Count("activate:single"));
    }

    [Fact]
    public async Task References_to_the_same_grain_are_equal_and_carry_a_stable_id()
    {
        var a = _cluster.GrainFactory.GetGrain<IStringKeyGrain>("same");
        var b = _cluster.GrainFactory.GetGrain<IStringKeyGrain>("same");

        Assert.Equal(a, b);
        Assert.Equal("stringkey/same", a.GetGrainId().ToString());
        Assert.Equal(a.GetGrainId(), GrainId.Parse("stringkey/same"));
        Assert.Equal(a.GetGrainId().GetUniformHashCode(), GrainId.Parse("stringkey/same").GetUniformHashCode());
    }

    [Fact]
    public void An_interface_without_a_grain_class_is_a_clear_error()
    {
        var error = Assert.Throws<GrainClassNotFoundException>(() => _cluster.GrainFactory.GetGrain<IUnimplementedGrain>("x"));

        Assert.Contains(nameof(IUnimplementedGrain), error.Message, StringComparison.Ordinal);
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task Nothing();
}
