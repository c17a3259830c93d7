namespace Granary.Placement;

/// <summary>The persisted state of a directory entry: the silo hosting the grain, if any.</summary>
internal sealed class GrainDirectoryEntry
{
    public string? Silo { get; set; }
}
