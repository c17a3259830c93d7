using Granary.Streams;

namespace Granary.Streaming.Memory;

/// <summary>An event an in-memory provider gave up on: which consumer failed it, how often, and why.</summary>
public sealed record MemoryDeadLetter(StreamId StreamId, long SequenceNumber, object? Item, string Consumer, string Error, int Attempts);
