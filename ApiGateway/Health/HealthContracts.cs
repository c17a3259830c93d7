using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Granary.ApiGateway.Health;

/// <summary>A health report: the overall status and each check's.</summary>
public sealed record HealthResponse(string Status, IReadOnlyList<HealthCheckResponse> Checks)
{
    public static HealthResponse From(HealthReport report)
        => new(report.Status.ToString(), [.. report.Entries.Select(e => new HealthCheckResponse(e.Key, e.Value.Status.ToString(), e.Value.Description))]);
}

public sealed record HealthCheckResponse(string Name, string Status, string? Description);
