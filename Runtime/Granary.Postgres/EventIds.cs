namespace Granary.Postgres;

/// <summary>Every log event id this assembly uses, in one place so they stay unique (range 4200-4299).</summary>
internal static class EventIds
{
    // 4200-4202 and 4210-4211 (grain state read, written, cleared, conflict, failure) are retired: the shared
    // RelationalGrainStorage logs those under Granary.Runtime's ids 1400-1411. Not to be reused.
    public const int SchemaEnsured = 4220;
    public const int SchemaCreationSkipped = 4221;
    public const int MembershipTableReady = 4250;
    // 4251-4253 (membership conflict, defunct rows deleted, failure) are retired: the shared
    // RelationalMembershipTable logs those under Granary.Runtime's ids 1420-1422. Not to be reused.
    public const int ReminderTableReady = 4260;

    // Streaming (4270-4289).
    public const int StreamSchemaEnsured = 4270;
    public const int StreamSchemaCreationSkipped = 4271;
    public const int StreamLeaseAcquired = 4272;
    public const int StreamLeaseLost = 4273;
    public const int StreamLeaseReleased = 4274;
    public const int StreamEventDeadLettered = 4275;
    public const int StreamEventDecodeFailed = 4276;
    public const int StreamEnqueueFailed = 4277;
    public const int StreamListenerLost = 4278;
    public const int StreamListenerReconnected = 4279;
}
