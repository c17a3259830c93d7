namespace Granary.Extensions.Tests.Streaming;

/// <summary>
/// An event of the streaming tests: its place in its stream, whether the consumer must always fail on it, and how many
/// times the consumer first fails on it with a transient (cluster-like) exception.
/// </summary>
[GenerateSerializer]
[Alias("granary.tests.streams.event")]
public sealed record StreamTestEvent([property: Id(0)] int Sequence, [property: Id(1)] bool Poison, [property: Id(2)] int TransientFailures = 0);

/// <summary>A value with no Orleans serializer: publishing it must fail at the producer.</summary>
public sealed class NotSerializableEvent
{
    public Action? Callback { get; set; }
}
