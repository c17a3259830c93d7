namespace Granary.Grains;

/// <summary>Every log event id of the grains, in one place so they never collide; one range per folder.</summary>
internal static class EventIds
{
    // Outbox (100-199)
    public const int OutboxPublishFailed = 100;

    // Orders (200-299)
    public const int SagaResumed = 200;
    public const int SagaExpired = 201;
    public const int SagaStepFailed = 202;
    public const int ReminderCleanupFailed = 203;

    // Users (300-399)
    public const int AccountEnsured = 300;
}
