using System.Collections.Concurrent;

namespace Granary.Runtime.Tests.Grains;

/// <summary>What lifecycle grains report about themselves, per test cluster.</summary>
public sealed class LifecycleLog
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void Add(string entry) => Events.Enqueue(entry);

    public int Count(string entry) => Events.Count(e => e == entry);
}
