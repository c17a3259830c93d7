namespace Granary.Streams;

/// <summary>A named stream provider (in-memory or durable), as configured on the silo or client.</summary>
public interface IStreamProvider
{
    string Name { get; }

    /// <summary>Whether events survive a silo's crash (durable queue) or may be lost (in-memory).</summary>
    bool IsDurable { get; }

    /// <summary>Returns the stream at once; no I/O until it is used.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
