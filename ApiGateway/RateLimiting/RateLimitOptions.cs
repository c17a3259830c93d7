namespace Granary.ApiGateway.RateLimiting;

/// <summary><c>Gateway:RateLimits</c>: fixed windows per authenticated user and per client IP (anonymous callers).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>False turns rate limiting off (benchmarks of the grains behind the gateway).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests of one user (the token's <c>sub</c>). Default 100 per second.</summary>
    public WindowLimit PerUser { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromSeconds(1) };

    /// <summary>Requests without a valid token from one IP address. Default 100 per second.</summary>
    public WindowLimit PerIp { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromSeconds(1) };
}

/// <summary>At most <see cref="PermitLimit"/> requests in each <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
