namespace Granary.Hosting;

/// <summary>
/// Background work of a silo that needs the cluster (reminder service, stream delivery agents). Services start
/// after the silo joined the cluster and stop, in reverse order, when a graceful shutdown begins, before
/// activations deactivate. A killed silo only disposes them: implement <see cref="IAsyncDisposable"/> to cancel
/// loops without any goodbye (no checkpoint, no lease release), as a crash would.
/// </summary>
public interface ISiloService
{
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}
