using Granary.Hosting;

namespace Granary.Postgres.Streaming;

/// <summary>Creates a PostgreSQL stream provider's tables before the silo starts (clients run no startup tasks).</summary>
internal sealed class PostgresStreamSchemaInitializer(PostgresStreamQueueAdapter adapter) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => adapter.EnsureSchemaAsync(cancellationToken);
}
