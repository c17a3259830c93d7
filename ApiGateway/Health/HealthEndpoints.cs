using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Granary.ApiGateway.Health;

/// <summary>
/// <c>/health/live</c> (200 while the process runs) and <c>/health/ready</c> (200 when the cluster and its database
/// answer, else 503), on ASP.NET's health checks; anonymous and never rate limited (Kubernetes probes them).
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterReadinessCheck>(ClusterReadinessCheck.Name, tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();
        health.MapGet("/live", LiveAsync).WithName("Live").WithSummary("200 while the process runs.");
        health.MapGet("/ready", ReadyAsync).WithName("Ready")
            .WithSummary("200 when the cluster and its database answer; 503 otherwise.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Ok<HealthResponse>> LiveAsync(HealthCheckService health, CancellationToken cancellationToken)
        => TypedResults.Ok(HealthResponse.From(await health.CheckHealthAsync(_ => false, cancellationToken)));

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadyAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var body = HealthResponse.From(report);
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(body)
            : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
