using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Granary.Extensions.Sqlite;

public sealed partial class SqliteGrainStorage
{
    [LoggerMessage(EventId = EventIds.SqliteStaleETag, Level = LogLevel.Warning, Message = "SQLite grain storage {Storage}: stale ETag writing {StateName} of {GrainId} (expected {Expected}, stored {Stored})")]
    private static partial void LogConflict(ILogger logger, string storage, string stateName, GrainId grainId, string? expected, string? stored);
}
