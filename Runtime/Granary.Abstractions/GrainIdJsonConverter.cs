using System.Text.Json;
using System.Text.Json.Serialization;

namespace Granary;

/// <summary>Writes a <see cref="GrainId"/> as its "type/key" text, so grain state and JSON payloads can hold grain ids.</summary>
internal sealed class GrainIdJsonConverter : JsonConverter<GrainId>
{
    public override GrainId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is null ? default
            : GrainId.TryParse(text, out var grainId) ? grainId
            : throw new JsonException($"'{text}' is not a grain id: expected 'type/key'.");
    }

    public override void Write(Utf8JsonWriter writer, GrainId value, JsonSerializerOptions options)
    {
        if (value.IsDefault)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
