using Granary.Streaming.PubSub;
using Granary.Streaming.Queues;
using Granary.Streams;

namespace Granary.Streaming;

/// <summary>
/// A named provider: producers append to the adapter's queue for the stream; subscriptions are the implicit
/// ones (from grain attributes) plus the explicit ones kept by the stream's pub-sub grain.
/// </summary>
internal sealed class StreamProvider(
    string name,
    IStreamQueueAdapter adapter,
    bool isDurable,
    IGrainFactory grainFactory,
    ImplicitSubscriptionTable implicitSubscriptions) : IStreamProvider
{
    public string Name => name;

    public bool IsDurable => isDurable;

    public IStreamQueueAdapter Adapter => adapter;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (streamId.Namespace is null)
        {
            throw new ArgumentException("The stream id is empty.", nameof(streamId));
        }

        return new AsyncStream<T>(this, streamId);
    }

    public int GetQueueId(StreamId streamId) => (int)(streamId.GetUniformHashCode() % (uint)adapter.QueueCount);

    public Task PublishAsync(StreamId streamId, IReadOnlyList<object?> items) =>
        items.Count == 0 ? Task.CompletedTask : adapter.EnqueueAsync(GetQueueId(streamId), streamId, items, CancellationToken.None);

    public IStreamPubSubGrain GetPubSub(StreamId streamId) => grainFactory.GetGrain<IStreamPubSubGrain>($"{name}/{streamId}");

    /// <summary>Whether <paramref name="consumer"/>'s subscription to <paramref name="streamId"/> is implicit.</summary>
    public bool IsImplicit(GrainId consumer, StreamId streamId) =>
        consumer.Key == streamId.Key && implicitSubscriptions.IsSubscribed(consumer.Type, streamId.Namespace);

    /// <summary>The id of <paramref name="consumer"/>'s implicit subscription to <paramref name="streamId"/> in this provider.</summary>
    public Guid ImplicitSubscriptionId(GrainId consumer, StreamId streamId) =>
        ImplicitSubscriptionTable.SubscriptionId(name, consumer.Type, streamId);

    /// <summary>Whether <paramref name="subscriptionId"/> is <paramref name="consumer"/>'s implicit subscription (not one kept by pub-sub).</summary>
    public bool IsImplicitSubscription(GrainId consumer, StreamId streamId, Guid subscriptionId) =>
        IsImplicit(consumer, streamId) && subscriptionId == ImplicitSubscriptionId(consumer, streamId);

    /// <summary>Every subscription of <paramref name="streamId"/>: implicit ones first, then explicit ones.</summary>
    public async Task<List<StreamSubscriptionEntry>> GetSubscriptionsAsync(StreamId streamId)
    {
        var explicitOnes = await GetPubSub(streamId).GetSubscriptions().ConfigureAwait(false);
        var all = implicitSubscriptions.GetSubscriptions(name, streamId).ToList();
        all.AddRange(explicitOnes);
        return all;
    }
}
