namespace Granary.Streams;

/// <summary>One subscription of one grain to one stream; it survives the grain's deactivation.</summary>
public abstract class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    public abstract Guid HandleId { get; }

    public abstract StreamId StreamId { get; }

    public abstract string ProviderName { get; }

    /// <summary>Attaches <paramref name="observer"/> in the calling activation, which then receives the subscription's events.</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <summary>Ends the subscription for good: no activation of the grain receives its events any more.</summary>
    public abstract Task UnsubscribeAsync();

    public bool Equals(StreamSubscriptionHandle<T>? other) =>
        other is not null && other.HandleId == HandleId && other.StreamId == StreamId && other.ProviderName == ProviderName;

    public override bool Equals(object? obj) => Equals(obj as StreamSubscriptionHandle<T>);

    public override int GetHashCode() => HandleId.GetHashCode();

    public override string ToString() => $"{ProviderName}/{StreamId}#{HandleId:N}";
}
