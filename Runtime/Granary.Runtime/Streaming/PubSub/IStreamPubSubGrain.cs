using Granary.Concurrency;

namespace Granary.Streaming.PubSub;

/// <summary>
/// The explicit subscriptions of one stream of one provider, keyed "{provider}/{namespace}/{key}". Placed by
/// consistent hashing and persisted in the Default storage, so subscriptions outlive their subscribers'
/// activations and any silo.
/// </summary>
internal interface IStreamPubSubGrain : IGrainWithStringKey
{
    Task Register(Guid subscriptionId, GrainId consumer);

    /// <summary>Removes the subscription; removing an unknown one is not an error.</summary>
    Task Unregister(Guid subscriptionId);

    [ReadOnly]
    Task<List<StreamSubscriptionEntry>> GetSubscriptions();
}
