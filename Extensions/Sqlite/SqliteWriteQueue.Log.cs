using Microsoft.Extensions.Logging;

namespace Granary.Extensions.Sqlite;

public sealed partial class SqliteWriteQueue
{
    [LoggerMessage(EventId = EventIds.SqliteCommitFailed, Level = LogLevel.Error, Message = "SQLite grain storage: a commit of {Count} writes failed; none of them was kept")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
