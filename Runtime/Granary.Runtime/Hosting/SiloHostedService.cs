using System.Diagnostics;
using Granary.Activation;
using Granary.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Hosting;

/// <summary>
/// Starts the silo with the host (start-up tasks, then timers, then calls flow) and stops it gracefully:
/// every activation is deactivated after its in-flight turns, within the host's shutdown timeout.
/// </summary>
internal sealed partial class SiloHostedService(
    IEnumerable<ISiloStartupTask> startupTasks,
    IEnumerable<ISiloService> siloServices,
    Catalog catalog,
    ActivationEnvironment environment,
    ActivationCollector collector,
    PendingCallTracker pendingCalls,
    TimeProvider time,
    IServiceProvider services,
    ILogger<SiloHostedService> logger) : IHostedService
{
    // Present when the silo is part of a cluster (a clustering provider is configured).
    private readonly ClusterLifecycle? _cluster = services.GetService<ClusterLifecycle>();
    private readonly ISiloService[] _siloServices = [.. siloServices];
    private int _startedServices;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        LogStarting(logger);
        foreach (var task in startupTasks)
        {
            await task.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        pendingCalls.Start();
        collector.Start();
        environment.MarkStarted();
        if (_cluster is not null)
        {
            await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var service in _siloServices)
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            _startedServices++;
        }

        LogStarted(logger, time.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = Stopwatch.GetTimestamp();
        LogStopping(logger, catalog.ActivationCount);
        collector.Dispose();
        try
        {
            if (_cluster is not null)
            {
                await _cluster.BeginShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            // Background work stops first, so nothing new reaches activations while they hand over.
            for (var i = _startedServices - 1; i >= 0; i--)
            {
                await _siloServices[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }

            _startedServices = 0;
            await catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
            if (_cluster is not null)
            {
                await _cluster.CompleteShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            environment.MarkStopping();
            pendingCalls.Dispose();
        }

        LogStopped(logger, Stopwatch.GetElapsedTime(stopping).TotalMilliseconds);
    }

    [LoggerMessage(EventId = EventIds.SiloStarting, Level = LogLevel.Information, Message = "Silo starting.")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(EventId = EventIds.SiloStarted, Level = LogLevel.Information, Message = "Silo started in {ElapsedMs:F0} ms.")]
    private static partial void LogStarted(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = EventIds.SiloStopping, Level = LogLevel.Information,
        Message = "Silo stopping: deactivating {ActivationCount} activations.")]
    private static partial void LogStopping(ILogger logger, int activationCount);

    [LoggerMessage(EventId = EventIds.SiloStopped, Level = LogLevel.Information, Message = "Silo stopped in {ElapsedMs:F0} ms.")]
    private static partial void LogStopped(ILogger logger, double elapsedMs);
}
