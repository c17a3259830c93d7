namespace Granary.Extensions;

/// <summary>Every log event id of this assembly, in one place so they never collide; one range per folder.</summary>
internal static class EventIds
{
    // Schema (1-99)
    public const int SchemaScriptApplied = 1;
    public const int SchemaUpToDate = 2;

    // Sqlite (300-399)
    public const int SqliteCommitFailed = 300;
    public const int SqliteStaleETag = 301;

    // Resilience (400-499)
    public const int RefusedCallResent = 400;

    // Streaming (3000-3099)
    public const int ReceiverStarted = 3000;
    public const int ReceiverStopped = 3001;
    public const int UnreadableRow = 3002;
    public const int DeliveryAttemptFailed = 3010;
    public const int DeadLettered = 3011;
    public const int DeliveryFailureReported = 3020;
    public const int SubscriptionFailureReported = 3021;
}
