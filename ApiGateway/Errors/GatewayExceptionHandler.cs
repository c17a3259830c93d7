using System.Globalization;
using System.Text.Json;
using Granary.ApiGateway.Cluster;
using Granary.Grains.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Granary.ApiGateway.Errors;

/// <summary>
/// Turns every exception of a request into RFC 9457 problem details: domain refusals by their kind (400, 404, 409,
/// 422), unreadable input 400 with the field at fault, an unreachable cluster or database 503; anything else 500
/// without internals.
/// </summary>
internal sealed partial class GatewayExceptionHandler(IProblemDetailsService problems, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again after a 503.</summary>
    public const int UnavailableRetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: nobody is left to answer.
            return true;
        }

        var problem = Describe(httpContext, exception);
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private ProblemDetails Describe(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case ValidationFailedException invalid:
                LogRefused(logger, context.Request.Method, context.Request.Path, invalid.Code);
                return Problems.Validation(invalid.Errors, invalid.Code);
            case DomainException refusal:
                LogRefused(logger, context.Request.Method, context.Request.Path, refusal.Code);
                return Problems.Refusal(refusal);
            case BadHttpRequestException badRequest:
                LogRefused(logger, context.Request.Method, context.Request.Path, "bad-request");
                return Unreadable(badRequest);
            case var _ when ClusterFailures.IsUnavailable(exception):
                LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
                return new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Detail = "The shop cannot be reached right now; try again shortly.",
                };
            default:
                LogUnexpected(logger, context.Request.Method, context.Request.Path, exception);
                return new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Detail = "Something went wrong on our side; the error has been logged.",
                };
        }
    }

    // Model binding failures (ASP.NET's minimal APIs throw them with ThrowOnBadRequest): always the client's fault.
    private static ProblemDetails Unreadable(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problems.Validation(Problems.Field("Content-Type", "must be application/json"));
        }

        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
            var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
                : string.Empty;
            return Problems.Validation(Problems.Field(field, $"is not valid JSON or has a value of the wrong type{where}"));
        }

        return Problems.Validation(Problems.Field("body", "is required: a JSON object"));
    }
}
