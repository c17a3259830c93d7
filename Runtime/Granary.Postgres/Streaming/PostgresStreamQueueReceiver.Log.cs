using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Streaming;

internal sealed partial class PostgresStreamQueueReceiver
{
    // The delivery agent logs lease changes, dead letters and undecodable events for the operator; these add the
    // epochs and sequence numbers for whoever debugs the queue itself.
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StreamLeaseAcquired, Level = LogLevel.Debug,
            Message = "Stream provider '{ProviderName}' queue {QueueId} is leased by {Owner} (epoch {Epoch})")]
        public static partial void LeaseAcquired(ILogger logger, string providerName, int queueId, string owner, long epoch);

        [LoggerMessage(EventId = EventIds.StreamLeaseLost, Level = LogLevel.Debug,
            Message = "Stream provider '{ProviderName}' queue {QueueId}: {Owner} lost its lease (epoch {Epoch}) to another silo")]
        public static partial void LeaseLost(ILogger logger, string providerName, int queueId, string owner, long epoch);

        [LoggerMessage(EventId = EventIds.StreamLeaseReleased, Level = LogLevel.Debug,
            Message = "Stream provider '{ProviderName}' queue {QueueId}: {Owner} released its lease (epoch {Epoch})")]
        public static partial void LeaseReleased(ILogger logger, string providerName, int queueId, string owner, long epoch);

        [LoggerMessage(EventId = EventIds.StreamEventDeadLettered, Level = LogLevel.Debug,
            Message = "Stream provider '{ProviderName}' queue {QueueId}: event {SequenceNumber} of stream {StreamId} went to the dead letters for {Consumer} after {Attempts} attempts: {Error}")]
        public static partial void DeadLettered(
            ILogger logger, string providerName, int queueId, long sequenceNumber, string streamId, string consumer, int attempts, string error);

        [LoggerMessage(EventId = EventIds.StreamEventDecodeFailed, Level = LogLevel.Debug,
            Message = "Stream provider '{ProviderName}' queue {QueueId}: event {SequenceNumber} of stream {StreamId} cannot be read: {Error}")]
        public static partial void DecodeFailed(ILogger logger, string providerName, int queueId, long sequenceNumber, string streamId, string error);
    }
}
