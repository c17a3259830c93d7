namespace Granary.Streaming.PubSub;

/// <summary>The persisted subscriptions of one stream.</summary>
internal sealed class StreamPubSubState
{
    public List<StreamSubscriptionEntry> Subscriptions { get; set; } = [];
}
