using System.Collections.Concurrent;
using Granary.Streams;

namespace Granary.Runtime.Tests.Grains;

/// <summary>What stream consumers received, shared by every silo of a test cluster.</summary>
public sealed class StreamLog
{
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentDictionary<(string Consumer, int Number), int> _attempts = new();

    public int Count => _received.Count;

    public void Add(string consumer, StreamItem item, StreamSequenceToken? token, string silo) =>
        _received.Enqueue(new Received(consumer, item, token, silo));

    public IReadOnlyList<Received> For(string consumer) => [.. _received.Where(r => r.Consumer == consumer)];

    public IReadOnlyList<Received> All => [.. _received];

    public int Activated(string consumer) => _activations.AddOrUpdate(consumer, 1, static (_, n) => n + 1);

    public int Activations(string consumer) => _activations.GetValueOrDefault(consumer);

    /// <summary>Counts one more attempt of <paramref name="consumer"/> at item <paramref name="number"/>; returns the count.</summary>
    public int Attempt(string consumer, int number) => _attempts.AddOrUpdate((consumer, number), 1, static (_, n) => n + 1);

    public sealed record Received(string Consumer, StreamItem Item, StreamSequenceToken? Token, string Silo);
}
