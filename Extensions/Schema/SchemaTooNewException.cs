namespace Granary.Extensions.Schema;

/// <summary>
/// The database carries a schema version this build does not know: it was written by a newer release, and reading
/// it with older code could misread state. Upgrade the binaries instead of starting them against it.
/// </summary>
public sealed class SchemaTooNewException(string module, int databaseVersion, int knownVersion)
    : InvalidOperationException(
        $"The database's '{module}' schema is at version {databaseVersion}, newer than this build knows ({knownVersion}). "
        + "It was written by a newer release; run that release (or a newer one) against this database.")
{
    public string Module { get; } = module;

    public int DatabaseVersion { get; } = databaseVersion;

    public int KnownVersion { get; } = knownVersion;
}
