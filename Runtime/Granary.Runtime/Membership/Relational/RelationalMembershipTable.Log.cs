using Microsoft.Extensions.Logging;

namespace Granary.Membership.Relational;

internal abstract partial class RelationalMembershipTable
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RelationalMembershipConflict, Level = LogLevel.Debug,
            Message = "{Provider} membership table of cluster '{ClusterId}' refused to {Operation} the row of {Silo}: the {What} moved")]
        public static partial void Conflict(ILogger logger, string provider, string clusterId, string operation, SiloAddress silo, string what);

        [LoggerMessage(EventId = EventIds.RelationalMembershipDefunctRowsDeleted, Level = LogLevel.Debug,
            Message = "{Provider} membership table of cluster '{ClusterId}': deleted {Count} defunct rows")]
        public static partial void DefunctRowsDeleted(ILogger logger, string provider, string clusterId, int count);

        [LoggerMessage(EventId = EventIds.RelationalMembershipOperationFailed, Level = LogLevel.Warning,
            Message = "{Provider} membership table of cluster '{ClusterId}' failed to {Operation} (silo {Silo})")]
        public static partial void OperationFailed(ILogger logger, Exception exception, string provider, string clusterId, string operation, SiloAddress? silo);
    }
}
