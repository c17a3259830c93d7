using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

internal sealed partial class RelationalStreamFailureHandler
{
    [LoggerMessage(EventId = EventIds.DeliveryFailureReported, Level = LogLevel.Warning, Message = "Stream provider {Provider}: the pulling agent gave up delivering {Token} of stream {StreamId} to subscription {Subscription}; the row stays queued")]
    private static partial void LogDeliveryFailure(ILogger logger, string provider, StreamId streamId, GuidId subscription, StreamSequenceToken? token);

    [LoggerMessage(EventId = EventIds.SubscriptionFailureReported, Level = LogLevel.Warning, Message = "Stream provider {Provider}: subscription {Subscription} to stream {StreamId} failed at {Token}")]
    private static partial void LogSubscriptionFailure(ILogger logger, string provider, StreamId streamId, GuidId subscription, StreamSequenceToken? token);
}
