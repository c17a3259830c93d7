namespace Granary.Grains.Notifications;

/// <summary>A message to a user about one of their orders; <see cref="Id"/> is the id of the event it came from.</summary>
[GenerateSerializer, Immutable, Alias("granary.notification")]
public sealed record NotificationView(Guid Id, string Kind, Guid? OrderId, string Message, DateTimeOffset At);
