using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Logs what Orleans' agent reports. It gets no exception, so dead-lettering is done by
/// <see cref="RelationalStreamPoisonFilter"/>; subscriptions are never faulted (the agent keeps delivering).
/// </summary>
internal sealed partial class RelationalStreamFailureHandler(ILogger<RelationalStreamFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogDeliveryFailure(logger, streamProviderName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailure(logger, streamProviderName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = StreamingEventIds.DeliveryFailureReported, Level = LogLevel.Warning, Message = "Stream provider {Provider}: the pulling agent gave up delivering {Token} of stream {StreamId} to subscription {Subscription}; the row stays queued")]
    private static partial void LogDeliveryFailure(ILogger logger, string provider, StreamId streamId, GuidId subscription, StreamSequenceToken? token);

    [LoggerMessage(EventId = StreamingEventIds.SubscriptionFailureReported, Level = LogLevel.Warning, Message = "Stream provider {Provider}: subscription {Subscription} to stream {StreamId} failed at {Token}")]
    private static partial void LogSubscriptionFailure(ILogger logger, string provider, StreamId streamId, GuidId subscription, StreamSequenceToken? token);
}
