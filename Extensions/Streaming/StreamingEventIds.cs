namespace Granary.Extensions.Streaming;

/// <summary>Event ids of the streaming logs (3000-3099), one place so they never collide.</summary>
internal static class StreamingEventIds
{
    public const int ReceiverStarted = 3000;
    public const int ReceiverStopped = 3001;
    public const int UnreadableRow = 3002;
    public const int DeliveryAttemptFailed = 3010;
    public const int DeadLettered = 3011;
    public const int DeliveryFailureReported = 3020;
    public const int SubscriptionFailureReported = 3021;
}
