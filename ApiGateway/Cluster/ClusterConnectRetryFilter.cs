using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Cluster;

/// <summary>
/// Cluster mode: keeps trying to connect while no silo gateway answers (gateways may start before the silos), every
/// <see cref="ClusterCallOptions.ConnectRetryDelay"/>, until the process is stopped. Meanwhile the web server already
/// answers: <c>/health/live</c> 200, <c>/health/ready</c> and the API 503.
/// </summary>
internal sealed partial class ClusterConnectRetryFilter(
    IOptions<ClusterCallOptions> options,
    TimeProvider time,
    ILogger<ClusterConnectRetryFilter> logger) : IClientConnectionRetryFilter
{
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var attempt = Interlocked.Increment(ref _attempts);
        LogConnectFailed(logger, attempt, options.Value.ConnectRetryDelay, exception.Message);
        try
        {
            await Task.Delay(options.Value.ConnectRetryDelay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }
}
