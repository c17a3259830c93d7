using Granary.Persistence;
using Granary.Streams;

namespace Granary.Runtime.Tests.Persistence;

/// <summary>The default state format keeps the runtime's identity types, so state may hold grain and stream ids.</summary>
public sealed class JsonGrainStateSerializerTests
{
    private readonly JsonGrainStateSerializer _serializer = new();

    [Fact]
    public void Grain_ids_and_stream_ids_in_state_survive_a_round_trip()
    {
        var state = new IdentityState
        {
            Owner = GrainId.Create(new GrainType("order"), "o-17/x"),
            Stream = StreamId.Create("orders", Guid.Parse("7d1f3c0e-8a55-4b7e-9a51-0f3a8c2e9b11")),
            Watchers = [GrainId.Create(new GrainType("user"), "42")],
        };

        var copy = _serializer.Deserialize<IdentityState>(_serializer.Serialize(state));

        Assert.Equal(state.Owner, copy.Owner);
        Assert.Equal(state.Stream, copy.Stream);
        Assert.Equal(state.Watchers, copy.Watchers);
        Assert.True(copy.Missing.IsDefault);
    }

    [Fact]
    public void Text_that_is_not_a_grain_id_is_a_format_error()
    {
        var payload = "{\"Owner\":\"no-slash\"}"u8.ToArray();

        var error = Assert.Throws<System.Text.Json.JsonException>(() => _serializer.Deserialize<IdentityState>(payload));
        Assert.Contains("'no-slash' is not a grain id", error.Message, StringComparison.Ordinal);
    }

    private sealed class IdentityState
    {
        public GrainId Owner { get; set; }

        public GrainId Missing { get; set; }

        public StreamId Stream { get; set; }

        public List<GrainId> Watchers { get; set; } = [];
    }
}
