using Microsoft.Extensions.Logging;

namespace Granary.Postgres.Streaming;

internal sealed partial class PostgresStreamQueueAdapter
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StreamSchemaEnsured, Level = LogLevel.Information,
            Message = "PostgreSQL stream provider '{ProviderName}' is ready: its tables exist in schema {Schema}")]
        public static partial void SchemaEnsured(ILogger logger, string providerName, string schema);

        [LoggerMessage(EventId = EventIds.StreamSchemaCreationSkipped, Level = LogLevel.Information,
            Message = "PostgreSQL stream provider '{ProviderName}' does not create its tables in schema {Schema} (CreateSchema is false); a DBA applies StreamQueueSchema.sql")]
        public static partial void SchemaCreationSkipped(ILogger logger, string providerName, string schema);
    }
}
