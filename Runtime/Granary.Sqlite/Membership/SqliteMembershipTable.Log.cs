using Granary.Membership;
using Microsoft.Extensions.Logging;

namespace Granary.Sqlite.Membership;

internal sealed partial class SqliteMembershipTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MembershipTableReady, Level = LogLevel.Information,
            Message = "SQLite membership table {TableName} is ready for cluster '{ClusterId}'")]
        public static partial void Initialized(ILogger logger, string clusterId, string tableName);

        [LoggerMessage(EventId = EventIds.MembershipConflict, Level = LogLevel.Debug,
            Message = "SQLite membership table of cluster '{ClusterId}' refused to {Operation} the row of {Silo}: the {What} moved")]
        public static partial void Conflict(ILogger logger, string clusterId, string operation, SiloAddress silo, string what);

        [LoggerMessage(EventId = EventIds.MembershipDefunctRowsDeleted, Level = LogLevel.Debug,
            Message = "SQLite membership table of cluster '{ClusterId}': deleted {Count} defunct rows")]
        public static partial void DefunctRowsDeleted(ILogger logger, string clusterId, int count);

        [LoggerMessage(EventId = EventIds.MembershipOperationFailed, Level = LogLevel.Warning,
            Message = "SQLite membership table of cluster '{ClusterId}' failed to {Operation} (silo {Silo})")]
        public static partial void OperationFailed(ILogger logger, Exception exception, string clusterId, string operation, SiloAddress? silo);
    }
}
