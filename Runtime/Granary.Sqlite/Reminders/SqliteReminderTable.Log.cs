using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Reminders;

internal sealed partial class SqliteReminderTable
{
    // Failures are logged by RelationalReminderTable.
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ReminderTableReady, Level = LogLevel.Information,
            Message = "SQLite reminder table {TableName} is ready for cluster '{ClusterId}'")]
        public static partial void Initialized(ILogger logger, string clusterId, string tableName);
    }
}
