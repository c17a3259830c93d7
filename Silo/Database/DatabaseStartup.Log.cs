using Granary.Silo.Configuration;
using Microsoft.Extensions.Logging;

namespace Granary.Silo.Database;

public sealed partial class DatabaseStartup
{
    [LoggerMessage(EventId = EventIds.DatabaseReady, Level = LogLevel.Information, Message = "Database ready: {Target} (schema mode {Mode})")]
    private static partial void LogReady(ILogger logger, string target, SchemaMode mode);

    [LoggerMessage(EventId = EventIds.DatabaseUnreachable, Level = LogLevel.Warning, Message = "Database not reachable yet: {Target}, attempt {Attempt}; retrying in {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string target, int attempt, TimeSpan delay, string reason);
}
