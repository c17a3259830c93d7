using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Granary.Grains.Notifications;
using Granary.Grains.Users;

namespace Granary.ApiGateway.Contracts;

public sealed record ProfileResponse(Guid UserId, string Email, string Name, string? Address, DateTime CreatedAt)
{
    public static ProfileResponse From(UserProfile profile)
        => new(profile.UserId, profile.Email, profile.Name, profile.Address, profile.CreatedAt.UtcDateTime);
}

public sealed record ProfileUpdateRequest(
    [property: Required, Description("1 to 100 characters.")] string? Name,
    [property: Description("At most 500 characters; omitted or null clears it.")] string? Address);

public sealed record NotificationResponse(Guid Id, string Kind, Guid? OrderId, string Message, DateTime At)
{
    public static NotificationResponse From(NotificationView notification)
        => new(notification.Id, notification.Kind, notification.OrderId, notification.Message, notification.At.UtcDateTime);
}
