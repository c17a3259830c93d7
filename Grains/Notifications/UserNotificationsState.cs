using Granary.Grains.Notifications;

namespace Granary.Grains.Notifications;

[GenerateSerializer, Alias("granary.user-notifications-state")]
public sealed class UserNotificationsState
{
    /// <summary>Newest first, at most <see cref="UserNotificationsGrain.Kept"/>.</summary>
    [Id(0)] public List<NotificationView> Items { get; set; } = [];
}
