namespace Granary.Extensions.Sqlite;

/// <summary>What a <see cref="StateWrite"/> did: the new version (null after a clear), or a conflict with the stored version (null: no row).</summary>
internal readonly record struct StateWriteOutcome(bool Conflict, long? Version);
