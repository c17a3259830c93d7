using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Errors;

/// <summary>
/// Adjusts problem details written for answers the framework gives without a body: a body that passed the size limit
/// while read, and a body that is not JSON (the framework's 415), both answered 400 naming the field like any bad input.
/// </summary>
internal sealed class ProblemCustomizer(IOptions<RequestLimitOptions> limits)
{
    public void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (RequestBodyLimitMiddleware.WasTooLarge(http))
        {
            Rewrite(context, "body", RequestBodyLimitMiddleware.TooLargeMessage(limits.Value.MaxBodySize), "body-too-large");
        }
        else if (http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType && !http.Response.HasStarted)
        {
            Rewrite(context, "Content-Type", "must be application/json", "validation-failed");
        }
    }

    private static void Rewrite(ProblemDetailsContext context, string field, string message, string code)
    {
        var problem = context.ProblemDetails;
        if (!context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        problem.Status = StatusCodes.Status400BadRequest;
        problem.Title = Problems.ValidationTitle;
        problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
        problem.Detail = $"Invalid input: {field} {message}.";
        problem.Extensions["code"] = code;
        if (problem is HttpValidationProblemDetails validation)
        {
            validation.Errors.Clear();
            validation.Errors[field] = [message];
        }
        else
        {
            problem.Extensions["errors"] = Problems.Field(field, message);
        }
    }
}
