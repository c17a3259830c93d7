using Granary.Hosting;

namespace Granary.Persistence.Relational;

/// <summary>Creates the storage's table before the silo takes calls (as far as the provider's options allow); idempotent.</summary>
internal sealed class RelationalGrainStorageSchemaInitializer(RelationalGrainStorage storage) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => storage.EnsureSchemaAsync(cancellationToken);
}
