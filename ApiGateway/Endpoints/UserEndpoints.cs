using System.Security.Claims;
using Granary.ApiGateway.Cluster;
using Granary.ApiGateway.Contracts;
using Granary.ApiGateway.Security;
using Granary.Grains.Notifications;
using Granary.Grains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Granary.ApiGateway.Endpoints;

/// <summary><c>/users/me</c>: the caller's own profile and notifications (never anyone else's).</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/users/me").WithTags("Users").RequireUser();
        me.MapGet("", GetProfileAsync)
            .WithName("GetMyProfile")
            .WithSummary("The caller's profile.")
            .WithProblem(StatusCodes.Status404NotFound);
        me.MapPut("", UpdateProfileAsync)
            .WithName("UpdateMyProfile")
            .WithSummary("Changes the caller's name and address.")
            .WithProblem(StatusCodes.Status400BadRequest)
            .WithProblem(StatusCodes.Status404NotFound);
        me.MapGet("/notifications", ListNotificationsAsync)
            .WithName("ListMyNotifications")
            .WithSummary("The caller's notifications, newest first.");
        return routes;
    }

    public static async Task<Ok<ProfileResponse>> GetProfileAsync(ClaimsPrincipal user, GrainCalls calls, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var profile = await calls.RunAsync(grains => grains.GetGrain<IUserGrain>(userId).GetProfile(), cancellationToken);
        return TypedResults.Ok(ProfileResponse.From(profile));
    }

    public static async Task<Ok<ProfileResponse>> UpdateProfileAsync(
        ProfileUpdateRequest request,
        ClaimsPrincipal user,
        GrainCalls calls,
        CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var update = new ProfileUpdate(request.Name!, request.Address);
        update.Validate();
        var profile = await calls.RunAsync(grains => grains.GetGrain<IUserGrain>(userId).UpdateProfile(update), cancellationToken);
        return TypedResults.Ok(ProfileResponse.From(profile));
    }

    public static async Task<Ok<NotificationResponse[]>> ListNotificationsAsync(ClaimsPrincipal user, GrainCalls calls, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var notifications = await calls.RunAsync(grains => grains.GetGrain<IUserNotificationsGrain>(userId).List(), cancellationToken);
        return TypedResults.Ok(notifications.Select(NotificationResponse.From).ToArray());
    }
}
