using Microsoft.Extensions.Logging;

namespace Granary.Extensions.Schema;

public sealed partial class SchemaMigrator
{
    [LoggerMessage(EventId = EventIds.SchemaScriptApplied, Level = LogLevel.Information, Message = "Applied schema script {Script} to the {Database} database")]
    private static partial void LogApplied(ILogger logger, string script, DatabaseKind database);

    [LoggerMessage(EventId = EventIds.SchemaUpToDate, Level = LogLevel.Information, Message = "{Database} schema up to date: {Known} scripts known, {Applied} applied now")]
    private static partial void LogMigrated(ILogger logger, DatabaseKind database, int known, int applied);
}
