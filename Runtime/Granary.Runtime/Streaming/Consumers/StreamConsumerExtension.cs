using System.Diagnostics;
using Granary.Runtime;
using Granary.Streaming.Delivery;
using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>
/// One activation's stream observers, by subscription id, and the entry point deliveries reach. It lives as a
/// component of the activation, so it is touched only inside that activation's turns.
/// </summary>
internal sealed class StreamConsumerExtension(IGrainContext context) : IStreamConsumer
{
    // A delivery returns partial progress after this long, well inside the call timeout, so slow handlers are
    // never mistaken for a failed delivery (and the rest is sent in a fresh call).
    internal static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Guid, IStreamObserverBinding> _observers = [];

    // Subscriptions this activation ended: events still in flight for them are accepted and dropped (an implicit
    // one stays declined for the activation's life; an explicit one is gone from the pub-sub grain as well).
    private HashSet<Guid>? _declined;

    public GrainId GrainId => context.GrainId;

    public void Attach(Guid subscriptionId, IStreamObserverBinding observer)
    {
        _declined?.Remove(subscriptionId);
        _observers[subscriptionId] = observer;
    }

    /// <summary>Ends the subscription in this activation: its events still in flight are dropped.</summary>
    public void Detach(Guid subscriptionId)
    {
        _observers.Remove(subscriptionId);
        (_declined ??= []).Add(subscriptionId);
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

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < delivery.Items.Count; i++)
        {
            if (i > 0 && Stopwatch.GetElapsedTime(started) > TimeBudget)
            {
                return new StreamDeliveryResult(i, null, null);
            }

            try
            {
                await observer.OnNextAsync(delivery.Items[i], delivery.Tokens[i]).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                return new StreamDeliveryResult(i, exception.GetType().FullName, exception.Message, StreamDeliveryFailure.IsTransient(exception));
            }

            // The observer may have unsubscribed itself: the rest of this delivery is dropped, not failed.
            if (_declined?.Contains(delivery.SubscriptionId) == true)
            {
                return new StreamDeliveryResult(delivery.Items.Count, null, null);
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
