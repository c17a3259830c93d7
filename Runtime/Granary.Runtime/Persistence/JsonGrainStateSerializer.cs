using System.Text.Json;

namespace Granary.Persistence;

/// <summary>
/// The default state format: UTF-8 JSON, readable in the database and tolerant of added or removed
/// members, which matters more for stored state than compactness.
/// </summary>
public sealed class JsonGrainStateSerializer(JsonSerializerOptions? options = null) : IGrainStateSerializer
{
    private readonly JsonSerializerOptions _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        IncludeFields = true,
    };

    public string Format => "json";

    public byte[] Serialize<TState>(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, _options);

    public TState Deserialize<TState>(ReadOnlySpan<byte> payload) =>
        JsonSerializer.Deserialize<TState>(payload, _options)
        ?? throw new JsonException($"Stored state deserialized to null for {typeof(TState)}.");
}
