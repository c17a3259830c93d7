using Granary.Runtime.Tests.Grains;
using Granary.Streaming.PubSub;
using Granary.Streams;

namespace Granary.Runtime.Tests.Streaming;

/// <summary>Implicit subscriptions: read from the grain classes' attributes, with ids every process agrees on.</summary>
public sealed class ImplicitSubscriptionTableTests
{
    private static readonly GrainType Observing = new("observingimplicitconsumer");

    private readonly ImplicitSubscriptionTable _table = new([(Observing, typeof(ObservingImplicitConsumerGrain)), (new GrainType("other"), typeof(StreamProducerGrain))]);

    [Fact]
    public void A_stream_of_a_subscribed_namespace_has_one_subscription_per_grain_type_keyed_by_the_stream_key()
    {
        var stream = StreamId.Create("implicit-observer", "k1");

        var subscription = Assert.Single(_table.GetSubscriptions("memory", stream));

        Assert.Equal(GrainId.Create(Observing, "k1"), subscription.Consumer);
        Assert.Empty(_table.GetSubscriptions("memory", StreamId.Create("elsewhere", "k1")));
        Assert.True(_table.IsSubscribed(Observing, "implicit-observer"));
        Assert.False(_table.IsSubscribed(new GrainType("other"), "implicit-observer"));
    }

    [Fact]
    public void Ids_are_stable_and_differ_by_provider_grain_type_and_stream()
    {
        var stream = StreamId.Create("implicit-observer", "k1");
        var id = ImplicitSubscriptionTable.SubscriptionId("memory", Observing, stream);

        Assert.Equal(id, ImplicitSubscriptionTable.SubscriptionId("memory", Observing, stream));
        Assert.Equal(id, _table.GetSubscriptions("memory", stream).Single().SubscriptionId);
        Assert.NotEqual(id, ImplicitSubscriptionTable.SubscriptionId("pg", Observing, stream));
        Assert.NotEqual(id, ImplicitSubscriptionTable.SubscriptionId("memory", new GrainType("other"), stream));
        Assert.NotEqual(id, ImplicitSubscriptionTable.SubscriptionId("memory", Observing, StreamId.Create("implicit-observer", "k2")));
    }
}
