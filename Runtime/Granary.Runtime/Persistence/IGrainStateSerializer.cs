namespace Granary.Persistence;

/// <summary>Turns grain state into the bytes storage providers keep, and back.</summary>
public interface IGrainStateSerializer
{
    /// <summary>A short name stored beside the payload, so a future format change can tell old rows apart.</summary>
    string Format { get; }

    byte[] Serialize<TState>(TState state);

    TState Deserialize<TState>(ReadOnlySpan<byte> payload);
}
