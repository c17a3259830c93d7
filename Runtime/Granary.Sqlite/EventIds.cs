namespace Granary.Sqlite;

/// <summary>Every log event id this assembly uses, in one place so they stay unique (range 4100-4199).</summary>
internal static class EventIds
{
    // 4100-4102 and 4110-4111 (grain state read, written, cleared, conflict, failure) are retired: the shared
    // RelationalGrainStorage logs those under Granary.Runtime's ids 1400-1411. Not to be reused.
    public const int SchemaEnsured = 4120;
    public const int MembershipTableReady = 4150;
    // 4151-4153 (membership conflict, defunct rows deleted, failure) are retired: the shared
    // RelationalMembershipTable logs those under Granary.Runtime's ids 1420-1422. Not to be reused.
    public const int ReminderTableReady = 4160;
}
