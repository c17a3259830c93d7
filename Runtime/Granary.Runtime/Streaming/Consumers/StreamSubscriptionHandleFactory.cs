using Granary.Streams;

namespace Granary.Streaming.Consumers;

/// <summary>Hands a grain typed handles for the subscription it is being told about.</summary>
internal sealed class StreamSubscriptionHandleFactory(IStreamProvider provider, StreamId streamId, Guid subscriptionId)
    : IStreamSubscriptionHandleFactory
{
    public StreamId StreamId => streamId;

    public string ProviderName => provider.Name;

    public Guid SubscriptionId => subscriptionId;

    public StreamSubscriptionHandle<T> Create<T>() =>
        provider is StreamProvider runtimeProvider
            ? new GrainStreamSubscriptionHandle<T>(runtimeProvider, streamId, subscriptionId)
            : throw new StreamSubscriptionException($"Stream provider '{provider.Name}' is not one of this runtime's providers.");
}
