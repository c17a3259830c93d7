namespace Granary.Hosting;

/// <summary>
/// Work that must finish before the silo accepts its first call, such as creating a storage schema.
/// Tasks run in registration order; one that throws stops the silo from starting.
/// </summary>
public interface ISiloStartupTask
{
    Task ExecuteAsync(CancellationToken cancellationToken);
}
