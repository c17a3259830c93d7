using System.Collections.Concurrent;

namespace Granary.Runtime.Tests.Grains;

/// <summary>
/// Test-owned gates that gate grains wait on, plus a record of who entered. Registered per test cluster
/// as a singleton, so tests in parallel never share them.
/// </summary>
public sealed class Gates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _entered = new();

    public Task WaitAsync(string gate)
    {
        _entered.AddOrUpdate(gate, 1, (_, count) => count + 1);
        return Get(gate).Task;
    }

    public int Entered(string gate) => _entered.GetValueOrDefault(gate);

    public void Open(string gate) => Get(gate).TrySetResult();

    private TaskCompletionSource Get(string gate) =>
        _gates.GetOrAdd(gate, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
