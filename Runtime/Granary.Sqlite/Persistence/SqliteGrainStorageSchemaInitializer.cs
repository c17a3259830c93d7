using Granary.Hosting;

namespace Granary.Sqlite.Persistence;

/// <summary>Creates the storage's table before the silo takes calls; safe to run any number of times.</summary>
internal sealed class SqliteGrainStorageSchemaInitializer(SqliteGrainStorage storage) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => storage.EnsureSchemaAsync(cancellationToken);
}
