using Granary.Runtime.Tests.Grains;
using Granary.Serialization;
using Granary.Streaming.Memory;
using Granary.Streams;
using Granary.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Streaming;

/// <summary>The in-memory provider on one silo: subscriptions, delivery, dead letters and bad input.</summary>
public sealed class MemoryStreamTests : IAsyncLifetime
{
    private readonly StreamLog _log = new();
    private TestCluster _cluster = null!;

    private IStreamProvider Provider => _cluster.Primary.Services.GetStreamProvider("memory");

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(builder => builder.ConfigureSilo(silo =>
    {
        silo.Services.AddSingleton(_log);
        silo.AddMemoryStreams("small", queues =>
        {
            queues.QueueCount = 1;
            queues.QueueCapacity = 4;
        });
        silo.AddMemoryStreams("memory", configureDelivery: delivery =>
        {
            delivery.MaxDeliveryAttempts = 3;
            delivery.RetryDelay = TimeSpan.FromMilliseconds(5);
            delivery.MaxRetryDelay = TimeSpan.FromMilliseconds(20);
        });
    }));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_explicit_subscriber_receives_every_event_in_order()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-order");
        await consumer.Subscribe("memory", "orders", "s1");

        var stream = Provider.GetStream<StreamItem>(StreamId.Create("orders", "s1"));
        for (var i = 0; i < 500; i++)
        {
            await stream.OnNextAsync(new StreamItem(i));
        }

        await Eventually.WaitUntilAsync(() => _log.For("explicit-order").Count == 500, "500 events delivered");
        var received = _log.For("explicit-order");
        Assert.Equal(Enumerable.Range(0, 500), received.Select(r => r.Item.Number));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.Token!.Older(p.Second.Token!)), "tokens increase");
    }

    [Fact]
    public async Task A_subscription_outlives_the_subscriber_activation()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-resume");
        await consumer.Subscribe("memory", "orders", "s2");
        await consumer.Deactivate();
        await Eventually.WaitUntilAsync(() => !_cluster.Primary.ActiveGrains.Any(g => g.Key == "explicit-resume"), "consumer deactivated");

        var producer = _cluster.GrainFactory.GetGrain<IStreamProducerGrain>("p");
        await producer.Publish("memory", "orders", "s2", 0, 10);

        await Eventually.WaitUntilAsync(() => _log.For("explicit-resume").Count == 10, "events reach the re-activated consumer");
        Assert.Equal(2, _log.Activations("explicit-resume"));
        Assert.Equal(1, await consumer.CountHandles("memory", "orders", "s2"));
    }

    [Fact]
    public async Task Unsubscribing_stops_delivery()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-unsubscribe");
        var other = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-stays");
        await consumer.Subscribe("memory", "orders", "s3");
        await other.Subscribe("memory", "orders", "s3");
        var stream = Provider.GetStream<StreamItem>(StreamId.Create("orders", "s3"));
        await stream.OnNextAsync(new StreamItem(1));
        await Eventually.WaitUntilAsync(() => _log.For("explicit-unsubscribe").Count == 1, "first event delivered");

        await consumer.Unsubscribe("memory", "orders", "s3");
        await stream.OnNextAsync(new StreamItem(2));

        // The subscriber that stayed proves the second event was delivered before we look.
        await Eventually.WaitUntilAsync(() => _log.For("explicit-stays").Count == 2, "second event delivered to the other subscriber");
        Assert.Single(_log.For("explicit-unsubscribe"));
        Assert.Equal(0, await consumer.CountHandles("memory", "orders", "s3"));
    }

    [Fact]
    public async Task Every_subscriber_gets_its_own_copy()
    {
        foreach (var name in new[] { "copy-a", "copy-b", "copy-c" })
        {
            await _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>(name).Subscribe("memory", "orders", "s4");
        }

        await Provider.GetStream<StreamItem>(StreamId.Create("orders", "s4")).OnNextAsync(new StreamItem(7));

        await Eventually.WaitUntilAsync(() => new[] { "copy-a", "copy-b", "copy-c" }.All(n => _log.For(n).Count == 1), "all three subscribers received the event");
        var items = new[] { "copy-a", "copy-b", "copy-c" }.Select(n => _log.For(n)[0].Item).ToList();
        Assert.All(items, item => Assert.Equal(7, item.Number));
        Assert.Equal(3, items.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public async Task An_implicit_subscriber_is_activated_on_demand_through_its_subscription_observer()
    {
        var stream = Provider.GetStream<StreamItem>(StreamId.Create("implicit-observer", "o1"));
        await stream.OnNextBatchAsync([new StreamItem(1), new StreamItem(2), new StreamItem(3)]);

        await Eventually.WaitUntilAsync(() => _log.For("observing/memory/o1").Count == 3, "implicit subscriber received the batch");
        Assert.Equal([1, 2, 3], _log.For("observing/memory/o1").Select(r => r.Item.Number));
        Assert.Equal(1, await _cluster.GrainFactory.GetGrain<IObservingImplicitConsumerGrain>("o1").Activations());
    }

    [Fact]
    public async Task An_implicit_subscriber_can_attach_its_observer_in_OnActivateAsync()
    {
        var producer = _cluster.GrainFactory.GetGrain<IStreamProducerGrain>("p");
        await producer.Publish("memory", "implicit-activate", "a1", 0, 20);

        await Eventually.WaitUntilAsync(() => _log.For("activating/a1").Count == 20, "implicit subscriber received 20 events");
        Assert.Equal(Enumerable.Range(0, 20), _log.For("activating/a1").Select(r => r.Item.Number));
        Assert.Equal(1, _log.Activations("activating/a1"));
    }

    [Fact]
    public async Task A_poison_event_goes_to_the_dead_letters_after_its_attempts_and_the_rest_are_delivered()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-poison");
        await consumer.Subscribe("memory", "orders", "s5");
        var stream = Provider.GetStream<StreamItem>(StreamId.Create("orders", "s5"));
        await stream.OnNextBatchAsync([new StreamItem(1), new StreamItem(2, Poison: true), new StreamItem(3)]);

        await Eventually.WaitUntilAsync(() => _log.For("explicit-poison").Count == 2, "the good events delivered");
        Assert.Equal([1, 3], _log.For("explicit-poison").Select(r => r.Item.Number));
        var adapter = (MemoryStreamQueueAdapter)_cluster.Primary.Services.GetRequiredKeyedService<Granary.Streaming.Queues.IStreamQueueAdapter>("memory");
        var deadLetter = Assert.Single(adapter.DeadLetters, d => d.Consumer.EndsWith("explicit-poison", StringComparison.Ordinal));
        Assert.Equal(3, deadLetter.Attempts);
        Assert.Contains("poison item 2", deadLetter.Error, StringComparison.Ordinal);
        Assert.Equal(2, ((StreamItem)deadLetter.Item!).Number);
    }

    [Fact]
    public async Task A_handler_failing_because_storage_is_down_is_retried_past_the_attempt_limit_not_dead_lettered()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-blip");
        await consumer.Subscribe("memory", "orders", "blip");
        var stream = Provider.GetStream<StreamItem>(StreamId.Create("orders", "blip"));

        // Five storage failures in a row, with three attempts allowed for failures that are the event's fault.
        await stream.OnNextBatchAsync([new StreamItem(1, StorageFailures: 5), new StreamItem(2)]);

        await Eventually.WaitUntilAsync(() => _log.For("explicit-blip").Count == 2, "both events delivered after the outage");
        Assert.Equal([1, 2], _log.For("explicit-blip").Select(r => r.Item.Number));
        var adapter = (MemoryStreamQueueAdapter)_cluster.Primary.Services.GetRequiredKeyedService<Granary.Streaming.Queues.IStreamQueueAdapter>("memory");
        Assert.DoesNotContain(adapter.DeadLetters, d => d.Consumer.EndsWith("explicit-blip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_grain_publishing_into_a_full_queue_gets_a_typed_error_instead_of_waiting_on_its_own_deliveries()
    {
        var gates = _cluster.Gates();
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-full");
        await consumer.Subscribe("small", "orders", "full");
        var stream = _cluster.Primary.Services.GetStreamProvider("small").GetStream<StreamItem>(StreamId.Create("orders", "full"));

        // The only agent of the only queue is held inside a delivery, then the queue (capacity 4) fills up.
        await stream.OnNextAsync(new StreamItem(0, Gate: "full-hold"));
        await Eventually.WaitUntilAsync(() => gates.Entered("full-hold") == 1, "the agent is inside the first delivery");
        await stream.OnNextBatchAsync(Enumerable.Range(1, 4).Select(i => new StreamItem(i)));

        var producer = _cluster.GrainFactory.GetGrain<IStreamProducerGrain>("full-producer");
        var error = await Assert.ThrowsAsync<Granary.Streaming.Queues.StreamQueueUnavailableException>(() => producer.Publish("small", "orders", "full", 5, 1));
        Assert.Contains("full", error.Message, StringComparison.Ordinal);

        gates.Open("full-hold");
        await Eventually.WaitUntilAsync(() => _log.For("explicit-full").Count == 5, "the five queued events delivered");
        Assert.Equal([0, 1, 2, 3, 4], _log.For("explicit-full").Select(r => r.Item.Number));
    }

    [Fact]
    public async Task A_stopped_silo_refuses_new_in_memory_events_with_a_typed_error()
    {
        var provider = Provider;
        await _cluster.StopAllSilosAsync();

        await Assert.ThrowsAsync<Granary.Streaming.Queues.StreamQueueUnavailableException>(
            () => provider.GetStream<StreamItem>(StreamId.Create("orders", "after-stop")).OnNextAsync(new StreamItem(1)));
    }

    [Fact]
    public async Task Publishing_a_value_that_cannot_be_serialized_fails_at_the_producer_and_queues_nothing()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-bad-input");
        await consumer.Subscribe("memory", "orders", "bad");
        var stream = Provider.GetStream<object>(StreamId.Create("orders", "bad"));

        await Assert.ThrowsAsync<CodecNotFoundException>(() => stream.OnNextBatchAsync([new StreamItem(1), new Uncopyable()]));
        await stream.OnNextAsync(new StreamItem(2));

        await Eventually.WaitUntilAsync(() => _log.For("explicit-bad-input").Count == 1, "the good event after the bad batch delivered");
        Assert.Equal(2, _log.For("explicit-bad-input")[0].Item.Number);
    }

    [Fact]
    public async Task Subscribing_outside_a_grain_is_a_typed_error()
    {
        var stream = Provider.GetStream<StreamItem>(StreamId.Create("orders", "outside"));
        var error = await Assert.ThrowsAsync<StreamSubscriptionException>(() => stream.SubscribeAsync((_, _) => Task.CompletedTask));
        Assert.Contains("inside a grain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_a_typed_error_naming_it()
    {
        var error = Assert.Throws<StreamProviderNotFoundException>(() => _cluster.Primary.Services.GetStreamProvider("nope"));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graceful_stop_delivers_what_is_still_queued()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>("explicit-drain");
        await consumer.Subscribe("memory", "orders", "s6");
        var stream = Provider.GetStream<StreamItem>(StreamId.Create("orders", "s6"));
        await stream.OnNextBatchAsync(Enumerable.Range(0, 2_000).Select(i => new StreamItem(i)));

        await _cluster.StopAllSilosAsync();

        Assert.Equal(2_000, _log.For("explicit-drain").Count);
    }

    private sealed class Uncopyable
    {
        public Action? Callback { get; set; }
    }
}
