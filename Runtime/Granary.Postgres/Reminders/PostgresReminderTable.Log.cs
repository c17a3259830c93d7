using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Reminders;

internal sealed partial class PostgresReminderTable
{
    // Failures are logged by RelationalReminderTable.
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ReminderTableReady, Level = LogLevel.Information,
            Message = "PostgreSQL reminder table {TableName} is ready for cluster '{ClusterId}' (schema created by the silo: {CreateSchema})")]
        public static partial void Initialized(ILogger logger, string clusterId, string tableName, bool createSchema);
    }
}
