using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Cluster;

/// <summary>
/// Every grain call of a request goes through here: refused at once (503) while the cluster is known to be unreachable,
/// bounded by <see cref="ClusterCallOptions.CallTimeout"/>, and abandoned (its outcome observed, never awaited) when
/// the caller stops waiting.
/// </summary>
internal sealed partial class GrainCalls(
    IGrainFactory grains,
    ClusterConnection connection,
    IOptions<ClusterCallOptions> options,
    TimeProvider time,
    ILogger<GrainCalls> logger)
{
    public IGrainFactory Grains => grains;

    public TimeSpan CallTimeout => options.Value.CallTimeout;

    public Task<T> RunAsync<T>(Func<IGrainFactory, Task<T>> call, CancellationToken cancellationToken)
        => RunAsync(call, options.Value.CallTimeout, cancellationToken);

    public async Task<T> RunAsync<T>(Func<IGrainFactory, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var task = Start(call);
        try
        {
            return await task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            Abandon(task);
            throw new ClusterUnavailableException($"The cluster did not answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !task.IsCompleted)
        {
            Abandon(task);
            throw;
        }
    }

    /// <summary>Starts a call whose end the caller waits for on its own terms (<see cref="Abandon"/> it when it stops waiting).</summary>
    public Task<T> Start<T>(Func<IGrainFactory, Task<T>> call)
    {
        if (!connection.TryAdmit(out var reason))
        {
            throw new ClusterUnavailableException(reason);
        }

        return call(grains);
    }

    /// <summary>Stops waiting for <paramref name="task"/>: its failure, if any, is observed and logged at debug level.</summary>
    public void Abandon(Task task)
        => task.ContinueWith(
            static (finished, state) => ((GrainCalls)state!).LogAbandoned(finished.Exception!.GetBaseException()),
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void LogAbandoned(Exception exception) => LogAbandonedCallFailed(logger, exception.GetType().Name);
}
