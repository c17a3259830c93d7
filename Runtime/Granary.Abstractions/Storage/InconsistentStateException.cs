namespace Granary.Storage;

/// <summary>
/// A write or clear was based on a stale version: someone else (usually a duplicate activation during a
/// membership change) wrote the state since it was read. Nothing was written. The activation should be
/// deactivated so the next call reads the current state.
/// </summary>
public sealed class InconsistentStateException : GranaryException
{
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The version in storage, if known; null when no record exists.</summary>
    public string? StoredEtag { get; }

    /// <summary>The version the writer held.</summary>
    public string? CurrentEtag { get; }
}
