using Granary.Runtime;
using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>
/// One activation's stream observers, by subscription id, and the entry point deliveries reach. It lives as a
/// component of the activation, so it is touched only inside that activation's turns.
/// </summary>
internal sealed class StreamConsumerExtension(IGrainContext context) : IStreamConsumer
{
    private readonly Dictionary<Guid, IStreamObserverBinding> _observers = [];

    // Implicit subscriptions this activation unsubscribed from: their events are accepted and dropped.
    private HashSet<Guid>? _declined;

    public GrainId GrainId => context.GrainId;

    public void Attach(Guid subscriptionId, IStreamObserverBinding observer)
    {
        _declined?.Remove(subscriptionId);
        _observers[subscriptionId] = observer;
    }

    public void Detach(Guid subscriptionId, bool decline)
    {
        _observers.Remove(subscriptionId);
        if (decline)
        {
            (_declined ??= []).Add(subscriptionId);
        }
    }

    public async Task<StreamDeliveryResult> Deliver(StreamDelivery delivery)
    {
        var observer = await FindObserverAsync(delivery).ConfigureAwait(true);
        if (observer is null)
        {
            return _declined?.Contains(delivery.SubscriptionId) == true
                ? new StreamDeliveryResult(delivery.Items.Count, null, null)
                : new StreamDeliveryResult(0, typeof(StreamSubscriptionException).FullName,
                    $"Grain {context.GrainId} has no observer for subscription {delivery.SubscriptionId:N} to {delivery.ProviderName}/{delivery.StreamId}: "
                    + "resume it in OnActivateAsync (GetAllSubscriptionHandles, then ResumeAsync), subscribe to the implicit stream there, or implement IStreamSubscriptionObserver.");
        }

        for (var i = 0; i < delivery.Items.Count; i++)
        {
            try
            {
                await observer.OnNextAsync(delivery.Items[i], delivery.Tokens[i]).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                return new StreamDeliveryResult(i, exception.GetType().FullName, exception.Message);
            }
        }

        return new StreamDeliveryResult(delivery.Items.Count, null, null);
    }

    private async Task<IStreamObserverBinding?> FindObserverAsync(StreamDelivery delivery)
    {
        if (_observers.TryGetValue(delivery.SubscriptionId, out var observer))
        {
            return observer;
        }

        // First event of this subscription in this activation: let the grain attach an observer now.
        if (context.GrainInstance is IStreamSubscriptionObserver subscriptionObserver && _declined?.Contains(delivery.SubscriptionId) != true)
        {
            var provider = context.ActivationServices.GetStreamProvider(delivery.ProviderName);
            await subscriptionObserver.OnSubscribed(new StreamSubscriptionHandleFactory(provider, delivery.StreamId, delivery.SubscriptionId))
                .ConfigureAwait(true);
            return _observers.GetValueOrDefault(delivery.SubscriptionId);
        }

        return null;
    }
}
