namespace Granary.Extensions.Tests.Schema;

/// <summary>The OrleansQuery keys Orleans 10.4.2's ADO.NET providers read (DbStoredQueries, AdoNetGrainStorage).</summary>
internal static class QueryKeys
{
    public static readonly IReadOnlyList<string> Clustering =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
    ];

    public static readonly IReadOnlyList<string> Persistence = ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    public static readonly IReadOnlyList<string> Reminders =
    [
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];
}
