using Granary.Hosting;
using Granary.Runtime.Tests.Grains;
using Granary.Streaming.Memory;
using Granary.Streams;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Streaming;

/// <summary>In-memory streams across three silos: events cross silos to subscribers wherever they live.</summary>
public sealed class MemoryStreamClusterTests : IAsyncLifetime
{
    private readonly StreamLog _log = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 3;
        builder.ConfigureSilo(silo =>
        {
            silo.AddMemoryGrainStorage();
            silo.Services.AddSingleton(_log);
            silo.AddMemoryStreams("memory");
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Events_published_on_every_silo_reach_implicit_subscribers_on_every_silo_in_order()
    {
        const int Streams = 30;
        const int PerStream = 50;
        var producers = _cluster.RunningSilos.Select((silo, i) => (silo, i)).ToList();
        await Task.WhenAll(Enumerable.Range(0, Streams).Select(async s =>
        {
            // Each stream has one producer silo, so its order is that producer's order.
            var silo = producers[s % producers.Count].silo;
            var stream = silo.Services.GetStreamProvider("memory").GetStream<StreamItem>(StreamId.Create("implicit-observer", $"c{s}"));
            for (var i = 0; i < PerStream; i++)
            {
                await stream.OnNextAsync(new StreamItem(i));
            }
        }));

        await Eventually.WaitUntilAsync(() => _log.Count == Streams * PerStream, $"{Streams * PerStream} events delivered");
        for (var s = 0; s < Streams; s++)
        {
            Assert.Equal(Enumerable.Range(0, PerStream), _log.For($"observing/memory/c{s}").Select(r => r.Item.Number));
        }

        Assert.Equal(_cluster.RunningSilos.Count, _log.All.Select(r => r.Silo).Distinct().Count());
    }

    [Fact]
    public async Task An_explicit_subscription_made_on_one_silo_is_served_from_another()
    {
        var consumers = Enumerable.Range(0, 12).Select(i => _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"x{i}")).ToList();
        foreach (var consumer in consumers)
        {
            await consumer.Subscribe("memory", "shared", "one");
        }

        foreach (var silo in _cluster.RunningSilos)
        {
            await silo.Services.GetStreamProvider("memory").GetStream<StreamItem>(StreamId.Create("shared", "one")).OnNextAsync(new StreamItem(1));
        }

        await Eventually.WaitUntilAsync(() => _log.Count == 12 * 3, "every consumer received the three events");
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(3, _log.For($"x{i}").Count));
    }
}
