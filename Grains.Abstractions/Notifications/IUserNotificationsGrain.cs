using System.Collections.Immutable;

namespace Granary.Grains.Notifications;

/// <summary>A user's notifications (read model fed by order and payment events), keyed by user id.</summary>
public interface IUserNotificationsGrain : IGrainWithGuidKey
{
    /// <summary>Newest first; the most recent 100 are kept.</summary>
    Task<ImmutableArray<NotificationView>> List();
}
