using Granary.ApiGateway.Cluster;
using Granary.ApiGateway.Contracts;
using Granary.ApiGateway.Security;
using Granary.Grains.Common;
using Granary.Grains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Granary.ApiGateway.Endpoints;

/// <summary><c>/auth</c>: registration and password login (a JWT bearer token).</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/auth").WithTags("Auth").AllowAnonymous().WithCommonProblems();
        auth.MapPost("/register", RegisterAsync)
            .WithName("Register")
            .WithSummary("Creates an account.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/login", LoginAsync)
            .WithName("Login")
            .WithSummary("Exchanges an email and password for an access token.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    public static async Task<Created<RegisterResponse>> RegisterAsync(RegisterRequest request, GrainCalls calls, CancellationToken cancellationToken)
    {
        var registration = new Registration(request.Email!, request.Password!, request.Name!);
        registration.Validate();
        var profile = await calls.RunAsync(
            grains => grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(registration.Email)).Register(registration),
            cancellationToken);
        return TypedResults.Created("/users/me", new RegisterResponse(profile.UserId));
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        GrainCalls calls,
        TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrEmpty(request.Email), "email", "is required");
        errors.Require(!string.IsNullOrEmpty(request.Password), "password", "is required");
        errors.ThrowIfAny();

        // No account can have a malformed email or an over-long password: refused like a wrong password, without a call.
        var email = request.Email!;
        var password = request.Password!;
        if (!EmailAddress.IsValid(email) || password.Length > Registration.MaxPasswordLength)
        {
            return WrongCredentials();
        }

        var profile = await calls.RunAsync(grains => grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).Authenticate(password), cancellationToken);
        if (profile is null)
        {
            return WrongCredentials();
        }

        var token = tokens.Issue(profile);
        return TypedResults.Ok(new LoginResponse(token.AccessToken, token.ExpiresInSeconds));
    }

    private static ProblemHttpResult WrongCredentials()
        => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "The email or password is wrong.");
}
