using Granary.Streaming.Consumers;
using Granary.Streams;

namespace Granary.Streaming;

/// <summary>
/// A stream handle: publishing goes to the provider's queue; subscribing registers the calling grain (in the
/// stream's pub-sub grain, unless the subscription is implicit) and attaches the observer to its activation.
/// Grain code: awaits keep to the turn.
/// </summary>
internal sealed class AsyncStream<T>(StreamProvider provider, StreamId streamId) : IAsyncStream<T>
{
    public StreamId StreamId => streamId;

    public string ProviderName => provider.Name;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null) => provider.PublishAsync(streamId, [item]);

    public Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return provider.PublishAsync(streamId, [.. batch.Select(static item => (object?)item)]);
    }

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var consumer = StreamConsumerContext.Current("SubscribeAsync");
        Guid subscriptionId;
        if (provider.IsImplicit(consumer.GrainId, streamId))
        {
            subscriptionId = provider.ImplicitSubscriptionId(consumer.GrainId, streamId);
        }
        else
        {
            subscriptionId = Guid.NewGuid();
            await provider.GetPubSub(streamId).Register(subscriptionId, consumer.GrainId).ConfigureAwait(true);
        }

        consumer.Attach(subscriptionId, new StreamObserverBinding<T>(observer));
        return new GrainStreamSubscriptionHandle<T>(provider, streamId, subscriptionId);
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var consumer = StreamConsumerContext.Current("GetAllSubscriptionHandles");
        var handles = new List<StreamSubscriptionHandle<T>>();
        if (provider.IsImplicit(consumer.GrainId, streamId))
        {
            handles.Add(new GrainStreamSubscriptionHandle<T>(provider, streamId, provider.ImplicitSubscriptionId(consumer.GrainId, streamId)));
        }

        foreach (var entry in await provider.GetPubSub(streamId).GetSubscriptions().ConfigureAwait(true))
        {
            if (entry.Consumer == consumer.GrainId)
            {
                handles.Add(new GrainStreamSubscriptionHandle<T>(provider, streamId, entry.SubscriptionId));
            }
        }

        return handles;
    }

    public bool Equals(IAsyncStream<T>? other) => other is not null && other.StreamId == streamId && other.ProviderName == provider.Name;

    public override bool Equals(object? obj) => Equals(obj as IAsyncStream<T>);

    public override int GetHashCode() => HashCode.Combine(streamId, provider.Name);

    public override string ToString() => $"{provider.Name}/{streamId}";
}
