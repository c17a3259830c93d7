namespace Granary.ApiGateway.Errors;

/// <summary><c>Gateway:Requests</c>: limits on what a request may carry.</summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "Gateway:Requests";

    /// <summary>The largest request body in bytes; a larger one is refused with 400. Default 64 KiB.</summary>
    public long MaxBodySize { get; set; } = 64 * 1024;
}
