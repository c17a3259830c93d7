using Granary.CodeGenerator.Tests.Infrastructure;
using Granary.CodeGenerator.Tests.Sample;
using Granary.Metadata;
using Granary.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.CodeGenerator.Tests.Behaviour;

/// <summary>Builds grains with the generated factories from a real service provider.</summary>
public sealed class GrainFactoryTests
{
    private readonly GranaryManifest _manifest = GeneratedManifest.Load();
    private readonly FakeGrainContext _context = new(GrainId.Create(new GrainType("counter"), "1"));

    [Fact]
    public void Manifest_registers_every_concrete_grain_class()
    {
        Assert.Contains(typeof(EchoGrain), _manifest.GrainClasses.Keys);
        Assert.Contains(typeof(DerivedGrain), _manifest.GrainClasses.Keys);
        Assert.Contains(typeof(CounterGrain), _manifest.GrainClasses.Keys);
        Assert.Contains(typeof(KeyedGrain), _manifest.GrainClasses.Keys);
        Assert.Contains(typeof(CompoundGrain), _manifest.GrainClasses.Keys);
    }

    [Fact]
    public async Task Persistent_state_logger_and_context_are_injected_into_the_widest_constructor()
    {
        var states = new FakePersistentStateFactory();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IPersistentStateFactory>(states)
            .BuildServiceProvider();

        var grain = Assert.IsType<CounterGrain>(_manifest.GrainClasses[typeof(CounterGrain)](services, _context));

        Assert.Same(_context, grain.Context);
        Assert.NotNull(grain.Logger);
        var created = Assert.Single(states.Created);
        Assert.Same(_context, created.Context);
        Assert.Equal("s", created.StateName);
        Assert.Equal("store", created.StorageName);
        Assert.Equal(1, await grain.Increment());
    }

    [Fact]
    public void Keyed_services_and_defaults_follow_the_marked_constructor()
    {
        using var services = new ServiceCollection()
            .AddKeyedSingleton<IClock>("fast", new NamedClock("fast"))
            .AddSingleton<IClock>(new NamedClock("slow"))
            .BuildServiceProvider();

        var grain = Assert.IsType<KeyedGrain>(_manifest.GrainClasses[typeof(KeyedGrain)](services, _context));

        Assert.Equal("fast", grain.Fast.Name);
        Assert.Equal("slow", grain.Slow!.Name);
        Assert.Equal(3, grain.Retries);
        Assert.Equal("slow", grain.Optional!.Name);
        Assert.Null(grain.Delay);
    }

    [Fact]
    public void Missing_required_service_fails_like_dependency_injection()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => _manifest.GrainClasses[typeof(CounterGrain)](services, _context));
    }

    [Fact]
    public void Parameterless_grains_are_created()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        Assert.IsType<EchoGrain>(_manifest.GrainClasses[typeof(EchoGrain)](services, _context));
    }
}
