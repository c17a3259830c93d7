using System.Buffers;

namespace Granary.Runtime.Tests.Networking;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> to exercise decoding across segment boundaries.</summary>
internal sealed class SegmentedSequence : ReadOnlySequenceSegment<byte>
{
    private SegmentedSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentSize)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new SegmentedSequence(bytes.AsMemory(0, Math.Min(segmentSize, bytes.Length)), 0);
        var last = first;
        for (var at = segmentSize; at < bytes.Length; at += segmentSize)
        {
            var next = new SegmentedSequence(bytes.AsMemory(at, Math.Min(segmentSize, bytes.Length - at)), at);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
