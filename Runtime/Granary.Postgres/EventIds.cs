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
}
