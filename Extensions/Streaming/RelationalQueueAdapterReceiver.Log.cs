using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

internal sealed partial class RelationalQueueAdapterReceiver
{
    [LoggerMessage(EventId = EventIds.ReceiverStarted, Level = LogLevel.Information, Message = "Stream provider {Provider} reads queue {Queue} from its oldest undelivered row")]
    private static partial void LogStarted(ILogger logger, string provider, QueueId queue);

    [LoggerMessage(EventId = EventIds.ReceiverStopped, Level = LogLevel.Information, Message = "Stream provider {Provider} stopped reading queue {Queue} (last row read {LastRowId}); undelivered rows stay for the next owner")]
    private static partial void LogStopped(ILogger logger, string provider, QueueId queue, long lastRowId);

    [LoggerMessage(EventId = EventIds.UnreadableRow, Level = LogLevel.Error, Message = "Stream provider {Provider}, queue {Queue}: row {RowId} cannot be deserialized; moved to the dead-letter table")]
    private static partial void LogUnreadableRow(ILogger logger, string provider, QueueId queue, long rowId, Exception exception);
}
