using Granary.Storage;

namespace Granary.Persistence.Tests;

internal sealed class TestGrainState<TState> : IGrainState<TState>
{
    public TState State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
