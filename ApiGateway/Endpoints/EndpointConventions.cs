using Granary.ApiGateway.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Granary.ApiGateway.Endpoints;

/// <summary>The problem responses routes share, declared once per group so the OpenAPI document lists them.</summary>
internal static class EndpointConventions
{
    private static readonly string[] ProblemContentTypes = ["application/problem+json"];

    /// <summary>Anonymous routes: 429 (rate limit) and 503 (cluster unreachable).</summary>
    public static TBuilder WithCommonProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithProblem(StatusCodes.Status429TooManyRequests).WithProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Routes for any logged-in user: also 401.</summary>
    public static TBuilder RequireUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization().WithCommonProblems().WithProblem(StatusCodes.Status401Unauthorized);

    /// <summary>Admin routes: also 401 and 403.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(GatewayPolicies.Admin)
            .WithCommonProblems()
            .WithProblem(StatusCodes.Status401Unauthorized)
            .WithProblem(StatusCodes.Status403Forbidden);

    /// <summary>Declares a problem-details response (a validation problem for 400).</summary>
    public static TBuilder WithProblem<TBuilder>(this TBuilder builder, int statusCode)
        where TBuilder : IEndpointConventionBuilder
    {
        var type = statusCode == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        return builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, type, ProblemContentTypes));
    }
}
