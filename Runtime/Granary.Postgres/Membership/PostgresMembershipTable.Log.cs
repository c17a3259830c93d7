using Granary.Membership;
using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Membership;

internal sealed partial class PostgresMembershipTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MembershipTableReady, Level = LogLevel.Information,
            Message = "PostgreSQL membership table {TableName} is ready for cluster '{ClusterId}' (schema created by the silo: {CreateSchema})")]
        public static partial void Initialized(ILogger logger, string clusterId, string tableName, bool createSchema);

        [LoggerMessage(EventId = EventIds.MembershipConflict, Level = LogLevel.Debug,
            Message = "PostgreSQL membership table of cluster '{ClusterId}' refused to {Operation} the row of {Silo}: the {What} moved")]
        public static partial void Conflict(ILogger logger, string clusterId, string operation, SiloAddress silo, string what);

        [LoggerMessage(EventId = EventIds.MembershipDefunctRowsDeleted, Level = LogLevel.Debug,
            Message = "PostgreSQL membership table of cluster '{ClusterId}': deleted {Count} defunct rows")]
        public static partial void DefunctRowsDeleted(ILogger logger, string clusterId, int count);

        [LoggerMessage(EventId = EventIds.MembershipOperationFailed, Level = LogLevel.Warning,
            Message = "PostgreSQL membership table of cluster '{ClusterId}' failed to {Operation} (silo {Silo})")]
        public static partial void OperationFailed(ILogger logger, Exception exception, string clusterId, string operation, SiloAddress? silo);
    }
}
