namespace Granary.Extensions.Sqlite;

/// <summary>
/// One change to a grain's stored state: a write (<see cref="Payload"/> set) or a clear (null), allowed only when the
/// stored version still equals <see cref="ExpectedVersion"/> (null: no row may exist).
/// </summary>
internal sealed record StateWrite(string ServiceId, string StateName, string GrainId, byte[]? Payload, long? ExpectedVersion);
