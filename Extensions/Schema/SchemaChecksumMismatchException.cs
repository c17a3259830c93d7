namespace Granary.Extensions.Schema;

/// <summary>A script already applied to the database differs from the one this build ships: shipped scripts are never edited, only followed by new versions.</summary>
public sealed class SchemaChecksumMismatchException(string script, string databaseChecksum, string shippedChecksum)
    : InvalidOperationException(
        $"Schema script '{script}' was applied with checksum {databaseChecksum}, but this build ships {shippedChecksum}. "
        + "Shipped scripts must not change once released; add a new version instead.")
{
    public string Script { get; } = script;
}
