namespace Granary.Streams;

/// <summary>
/// A stream of <typeparamref name="T"/> events addressed by <see cref="StreamId"/> in one provider. Any grain
/// or client may produce; grains subscribe explicitly (<see cref="SubscribeAsync"/>) or implicitly (by
/// <see cref="ImplicitStreamSubscriptionAttribute"/> on their class).
/// </summary>
public interface IAsyncStream<T> : IEquatable<IAsyncStream<T>>
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    /// <summary>
    /// Publishes one event. Returns when the provider has accepted it: queued in memory (best effort) or
    /// committed to the database (durable providers). A value that cannot be serialized fails here.
    /// </summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>Publishes events in order, as one write.</summary>
    Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null);

    /// <summary>
    /// Subscribes the calling grain activation. The subscription is durable: it outlives this activation, and
    /// a later activation resumes it (see <see cref="GetAllSubscriptionHandles"/>) to go on receiving events.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer);

    /// <summary>The calling grain's subscriptions to this stream, whether or not this activation attached an observer yet.</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
