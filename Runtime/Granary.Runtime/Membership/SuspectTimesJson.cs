using System.Globalization;
using System.Text.Json;

namespace Granary.Membership;

/// <summary>Votes as the SQL membership tables store them in their suspect_times column: <c>[{"silo": "host:port@generation", "at": "ISO-8601 UTC"}]</c>.</summary>
internal static class SuspectTimesJson
{
    public static string Format(IReadOnlyList<SuspicionVote> votes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                writer.WriteStartObject();
                writer.WriteString("silo", vote.Suspecter.ToString());
                writer.WriteString("at", vote.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyList<SuspicionVote> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var votes = new List<SuspicionVote>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            votes.Add(new SuspicionVote(
                SiloAddress.Parse(element.GetProperty("silo").GetString() ?? string.Empty),
                DateTimeOffset.Parse(element.GetProperty("at").GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return votes;
    }
}
