using Granary.Persistence;

namespace Granary.Persistence.Tests;

internal sealed class CountingSerializer(string format = "json") : IGrainStateSerializer
{
    private readonly JsonGrainStateSerializer _inner = new();
    private int _serialized;
    private int _deserialized;

    public string Format => format;

    public int Serialized => Volatile.Read(ref _serialized);

    public int Deserialized => Volatile.Read(ref _deserialized);

    public byte[] Serialize<TState>(TState state)
    {
        Interlocked.Increment(ref _serialized);
        return _inner.Serialize(state);
    }

    public TState Deserialize<TState>(ReadOnlySpan<byte> payload)
    {
        Interlocked.Increment(ref _deserialized);
        return _inner.Deserialize<TState>(payload);
    }
}
