using Granary.Grains.Notifications;
using Granary.Grains.Orders;

namespace Granary.Grains.ReadModels;

[GenerateSerializer, Alias("granary.user-activity-state")]
public sealed class UserActivityState
{
    /// <summary>The latest version seen of each of the user's orders.</summary>
    [Id(0)] public Dictionary<Guid, OrderView> Orders { get; set; } = [];

    /// <summary>Newest first, at most <see cref="UserActivityGrain.KeptNotifications"/>.</summary>
    [Id(1)] public List<NotificationView> Notifications { get; set; } = [];
}
