namespace Granary.Storage;

/// <summary>What a storage provider reads into and writes from.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    /// <summary>The stored version; null when no record has been written (or after reading nothing).</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}
