namespace Granary.Postgres;

/// <summary>Every log event id this assembly uses, in one place so they stay unique (range 4200-4299).</summary>
internal static class EventIds
{
    public const int StateRead = 4200;
    public const int StateWritten = 4201;
    public const int StateCleared = 4202;
    public const int Conflict = 4210;
    public const int OperationFailed = 4211;
    public const int SchemaEnsured = 4220;
    public const int SchemaCreationSkipped = 4221;
    public const int MembershipTableReady = 4250;
    public const int MembershipConflict = 4251;
    public const int MembershipDefunctRowsDeleted = 4252;
    public const int MembershipOperationFailed = 4253;
}
