using Granary.Serialization;

namespace Granary.Runtime.Tests.Grains;

/// <summary>
/// An event on the test streams. A consumer throws on a poison one, fails with a storage error the first
/// <see cref="StorageFailures"/> times it sees it, and waits for <see cref="Gate"/> (a <see cref="Gates"/> gate) before handling it.
/// </summary>
[GenerateSerializer]
public sealed record StreamItem(
    [property: Id(0)] int Number,
    [property: Id(1)] bool Poison = false,
    [property: Id(2)] int StorageFailures = 0,
    [property: Id(3)] string? Gate = null);

/// <summary>Subscribes explicitly; keeps its subscriptions in state and resumes them on every activation.</summary>
public interface IExplicitConsumerGrain : IGrainWithStringKey
{
    Task Subscribe(string provider, string streamNamespace, string streamKey);

    /// <summary>Ends every subscription this grain has to the stream.</summary>
    Task Unsubscribe(string provider, string streamNamespace, string streamKey);

    Task<int> CountHandles(string provider, string streamNamespace, string streamKey);

    Task Deactivate();
}

/// <summary>Publishes from inside a grain.</summary>
public interface IStreamProducerGrain : IGrainWithStringKey
{
    Task Publish(string provider, string streamNamespace, string streamKey, int from, int count);

    Task PublishBatch(string provider, string streamNamespace, string streamKey, List<StreamItem> items);
}

/// <summary>Implicitly subscribed to namespace "implicit-observer"; attaches through IStreamSubscriptionObserver.</summary>
public interface IObservingImplicitConsumerGrain : IGrainWithStringKey
{
    Task<int> Activations();
}

/// <summary>Implicitly subscribed to namespace "implicit-activate"; attaches in OnActivateAsync on the "memory" provider.</summary>
public interface IActivatingImplicitConsumerGrain : IGrainWithStringKey
{
    Task<int> Activations();
}
