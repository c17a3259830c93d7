using Microsoft.Extensions.Logging;

namespace Granary.Reminders.Relational;

internal abstract partial class RelationalReminderTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RelationalReminderTableFailed, Level = LogLevel.Warning,
            Message = "{Provider} reminders of cluster '{ClusterId}' failed to {Operation}")]
        public static partial void OperationFailed(ILogger logger, Exception exception, string provider, string clusterId, string operation);
    }
}
