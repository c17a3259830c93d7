namespace Granary.Extensions.Streaming;

/// <summary>A queued row as read back: its id (the event's sequence number) and payload.</summary>
internal readonly record struct StoredStreamRow(long Id, byte[] Payload);
