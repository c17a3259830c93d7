using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Streaming;

internal sealed partial class StreamNotificationListener
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StreamListenerLost, Level = LogLevel.Warning,
            Message = "PostgreSQL stream provider '{ProviderName}' lost its LISTEN connection; receivers poll until it is back")]
        public static partial void ListenerLost(ILogger logger, string providerName, Exception exception);

        [LoggerMessage(EventId = EventIds.StreamListenerReconnected, Level = LogLevel.Information,
            Message = "PostgreSQL stream provider '{ProviderName}' is listening again after {FailedAttempts} failed attempts")]
        public static partial void ListenerReconnected(ILogger logger, string providerName, int failedAttempts);
    }
}
