using Granary.ApiGateway.Cluster;
using Granary.Grains.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Health;

/// <summary>
/// Ready when a grain answers a call that reads the database: a one-item page of the catalog listing (the catalog
/// grain is a stateless worker querying the listing table), within <see cref="ClusterCallOptions.ReadinessTimeout"/>.
/// </summary>
internal sealed partial class ClusterReadinessCheck(GrainCalls calls, IOptions<ClusterCallOptions> options, ILogger<ClusterReadinessCheck> logger) : IHealthCheck
{
    public const string Name = "cluster";

    private static readonly CatalogQuery Probe = new(null, 1, 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await calls.RunAsync(grains => grains.GetGrain<ICatalogGrain>(0).Search(Probe), options.Value.ReadinessTimeout, cancellationToken);
            return HealthCheckResult.Healthy("A grain answered from the database.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotReady(logger, exception.GetType().Name, exception.Message);
            return HealthCheckResult.Unhealthy("The cluster or its database did not answer.");
        }
    }

    [LoggerMessage(EventId = EventIds.NotReady, Level = LogLevel.Warning, Message = "Not ready: {ExceptionType}: {Reason}")]
    private static partial void LogNotReady(ILogger logger, string exceptionType, string reason);
}
