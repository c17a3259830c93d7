namespace Granary.Extensions.Streaming;

/// <summary>A poison event as written to the dead-letter table.</summary>
internal sealed record DeadLetterRow(long Queue, long EventId, string StreamId, string Consumer, int Attempts, string Exception, byte[] Payload);
