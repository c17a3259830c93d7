namespace Granary.Extensions.Streaming;

/// <summary>
/// An event published on a relational stream could not be serialized; nothing of the publish was queued.
/// Make the event type serializable (<c>[GenerateSerializer]</c>) and publish again.
/// </summary>
public sealed class StreamEventSerializationException : Exception
{
    public StreamEventSerializationException(string providerName, string streamId, Exception innerException)
        : base($"Stream provider '{providerName}' could not serialize an event for stream {streamId}; nothing was queued. {innerException.Message}", innerException)
    {
        ProviderName = providerName;
        StreamId = streamId;
    }

    public string ProviderName { get; }

    public string StreamId { get; }
}
