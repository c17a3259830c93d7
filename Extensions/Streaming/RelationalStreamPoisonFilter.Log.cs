using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Granary.Extensions.Streaming;

internal sealed partial class RelationalStreamPoisonFilter
{
    [LoggerMessage(EventId = EventIds.DeliveryAttemptFailed, Level = LogLevel.Warning, Message = "Stream provider {Provider}: delivery of row {RowId} of stream {StreamId} to {Consumer} failed (attempt {Attempt} of {MaxAttempts}); it will be retried")]
    private static partial void LogAttemptFailed(ILogger logger, string provider, StreamId streamId, long rowId, GrainId consumer, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(EventId = EventIds.DeadLettered, Level = LogLevel.Error, Message = "Stream provider {Provider}: row {RowId} of stream {StreamId} failed {Attempts} times in {Consumer}; moved to the dead-letter table, delivery moves on")]
    private static partial void LogDeadLettered(ILogger logger, string provider, StreamId streamId, long rowId, GrainId consumer, int attempts, Exception exception);
}
