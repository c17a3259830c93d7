using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Membership;

internal sealed partial class SqliteMembershipTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MembershipTableReady, Level = LogLevel.Information,
            Message = "SQLite membership table {TableName} is ready for cluster '{ClusterId}'")]
        public static partial void Initialized(ILogger logger, string clusterId, string tableName);
    }
}
