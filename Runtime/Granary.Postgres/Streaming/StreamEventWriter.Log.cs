using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Streaming;

internal sealed partial class StreamEventWriter
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StreamEnqueueFailed, Level = LogLevel.Warning,
            Message = "PostgreSQL stream provider '{ProviderName}' could not write {CallCount} enqueue calls; their callers get the error")]
        public static partial void EnqueueFailed(ILogger logger, string providerName, int callCount, Exception exception);
    }
}
