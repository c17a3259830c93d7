using Granary.Grains.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Granary.ApiGateway.Errors;

/// <summary>The problem details the gateway answers with (RFC 9457); titles and types are filled in by ASP.NET from the status.</summary>
internal static class Problems
{
    public const string ValidationTitle = "One or more validation errors occurred.";

    public static Dictionary<string, string[]> Field(string field, string message)
        => new(StringComparer.Ordinal) { [field] = [message] };

    public static HttpValidationProblemDetails Validation(IDictionary<string, string[]> errors, string code = "validation-failed")
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = ValidationTitle,
            Detail = "Invalid input: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")) + ".",
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    public static ProblemDetails Refusal(DomainException refusal)
    {
        var problem = new ProblemDetails { Status = StatusFor(refusal.Kind), Detail = refusal.Message };
        problem.Extensions["code"] = refusal.Code;
        return problem;
    }

    public static int StatusFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => StatusCodes.Status400BadRequest,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };
}
