namespace Granary.Sqlite;

/// <summary>Every log event id this assembly uses, in one place so they stay unique (range 4100-4199).</summary>
internal static class EventIds
{
    public const int StateRead = 4100;
    public const int StateWritten = 4101;
    public const int StateCleared = 4102;
    public const int Conflict = 4110;
    public const int OperationFailed = 4111;
    public const int SchemaEnsured = 4120;
    public const int MembershipTableReady = 4150;
    public const int MembershipConflict = 4151;
    public const int MembershipDefunctRowsDeleted = 4152;
    public const int MembershipOperationFailed = 4153;
}
