using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Membership;

internal sealed partial class PostgresMembershipTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MembershipTableReady, Level = LogLevel.Information,
            Message = "PostgreSQL membership table {TableName} is ready for cluster '{ClusterId}' (schema created by the silo: {CreateSchema})")]
        public static partial void Initialized(ILogger logger, string clusterId, string tableName, bool createSchema);
    }
}
