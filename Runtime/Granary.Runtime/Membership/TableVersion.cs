using System.Globalization;

namespace Granary.Membership;

/// <summary>
/// The version of a cluster's whole membership table, bumped by every row insert or update (not by
/// IAmAlive writes). <see cref="VersionEtag"/> is the stored version's tag as read; a writer passes
/// <see cref="Next"/> of what it read, and the table accepts the write only if the tag still matches.
/// </summary>
public sealed record TableVersion(int Version, string VersionEtag)
{
    /// <summary>The version an empty, never-written table has.</summary>
    public static TableVersion Initial { get; } = new(0, "0");

    /// <summary>The version to write next: one higher, carrying the tag of the version it replaces.</summary>
    public TableVersion Next() => new(checked(Version + 1), VersionEtag);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"<{Version}, {VersionEtag}>");
}
