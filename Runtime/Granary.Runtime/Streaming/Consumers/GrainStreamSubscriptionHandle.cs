using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>A subscription of a grain; resuming and unsubscribing act on the calling activation.</summary>
internal sealed class GrainStreamSubscriptionHandle<T>(StreamProvider provider, StreamId streamId, Guid subscriptionId)
    : StreamSubscriptionHandle<T>
{
    public override Guid HandleId => subscriptionId;

    public override StreamId StreamId => streamId;

    public override string ProviderName => provider.Name;

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        StreamConsumerContext.Current("ResumeAsync").Attach(subscriptionId, new StreamObserverBinding<T>(observer));
        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }

    public override async Task UnsubscribeAsync()
    {
        var consumer = StreamConsumerContext.Current("UnsubscribeAsync");
        if (!provider.IsImplicitSubscription(consumer.GrainId, streamId, subscriptionId))
        {
            await provider.GetPubSub(streamId).Unregister(subscriptionId).ConfigureAwait(true);
        }

        // Events of this subscription already on their way are dropped rather than failed.
        consumer.Detach(subscriptionId);
    }
}
