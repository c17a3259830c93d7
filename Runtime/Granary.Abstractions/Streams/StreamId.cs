using Granary.Serialization;

namespace Granary.Streams;

/// <summary>
/// The identity of a stream: a namespace plus a key. The key uses the same canonical text as grain keys
/// (<see cref="GrainKeyFormat"/>), so an implicit subscriber grain's key is the stream's key.
/// </summary>
[GenerateSerializer]
[Immutable]
public readonly record struct StreamId
{
    public StreamId(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(key);
        if (@namespace.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A stream namespace cannot contain '/': '{@namespace}'.", nameof(@namespace));
        }

        Namespace = @namespace;
        Key = key;
    }

    [Id(0)]
    public string Namespace { get; init; }

    /// <summary>The key in canonical text form.</summary>
    [Id(1)]
    public string Key { get; init; }

    public static StreamId Create(string @namespace, string key) => new(@namespace, GrainKeyFormat.FromString(key));

    public static StreamId Create(string @namespace, Guid key) => new(@namespace, GrainKeyFormat.FromGuid(key));

    public static StreamId Create(string @namespace, long key) => new(@namespace, GrainKeyFormat.FromLong(key));

    /// <summary>A hash that is identical in every process, used to spread streams over queues.</summary>
    public uint GetUniformHashCode() => StableHash.Of(Namespace, Key);

    public override string ToString() => $"{Namespace}/{Key}";
}
