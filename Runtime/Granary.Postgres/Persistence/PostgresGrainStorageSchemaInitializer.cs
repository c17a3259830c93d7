using Granary.Hosting;

namespace Granary.Postgres.Persistence;

/// <summary>Creates the storage's table before the silo takes calls (unless CreateSchema is false); idempotent.</summary>
internal sealed class PostgresGrainStorageSchemaInitializer(PostgresGrainStorage storage) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => storage.EnsureSchemaAsync(cancellationToken);
}
