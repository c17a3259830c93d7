using System.Collections.Concurrent;
using Granary.Reminders;

namespace Granary.Runtime.Tests.Grains;

/// <summary>Every reminder tick the test grains received, with the silo that ran it; share one instance across a test cluster's silos.</summary>
public sealed class ReminderTickLog
{
    private readonly ConcurrentQueue<ReminderTick> _ticks = new();
    private readonly ConcurrentDictionary<(string Key, string Name), int> _inFlight = new();
    private readonly ConcurrentDictionary<(string Key, string Name), int> _maxInFlight = new();

    public IReadOnlyList<ReminderTick> Ticks => [.. _ticks];

    /// <summary>Records a tick; returns its number (1 for the first) for this grain and reminder.</summary>
    public int Enter(string key, string name, TickStatus status, string silo)
    {
        var running = _inFlight.AddOrUpdate((key, name), 1, (_, count) => count + 1);
        _maxInFlight.AddOrUpdate((key, name), running, (_, max) => Math.Max(max, running));
        lock (_ticks)
        {
            var number = _ticks.Count(t => t.Key == key && t.Name == name) + 1;
            _ticks.Enqueue(new ReminderTick(key, name, status, silo, number));
            return number;
        }
    }

    public void Exit(string key, string name) => _inFlight.AddOrUpdate((key, name), 0, (_, count) => count - 1);

    public IReadOnlyList<ReminderTick> Of(string key, string name) => [.. _ticks.Where(t => t.Key == key && t.Name == name)];

    public int Count(string key, string name) => _ticks.Count(t => t.Key == key && t.Name == name);

    public int MaxConcurrent(string key, string name) => _maxInFlight.GetValueOrDefault((key, name));
}

public sealed record ReminderTick(string Key, string Name, TickStatus Status, string Silo, int Number);
