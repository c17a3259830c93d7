namespace Granary.Extensions.Tests.Streaming;

/// <summary>An event of the streaming tests: its place in its stream, and whether the consumer must always fail on it.</summary>
[GenerateSerializer]
[Alias("granary.tests.streams.event")]
public sealed record StreamTestEvent([property: Id(0)] int Sequence, [property: Id(1)] bool Poison);

/// <summary>A value with no Orleans serializer: publishing it must fail at the producer.</summary>
public sealed class NotSerializableEvent
{
    public Action? Callback { get; set; }
}
