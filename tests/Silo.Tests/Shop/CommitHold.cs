using System.Collections.Concurrent;
using Granary.Grains.Inventory;
using Orleans.Runtime;

namespace Granary.Silo.Tests.Shop;

/// <summary>
/// Holds the inventory commits of chosen orders on whichever test silo sends them (an outgoing call filter), so a
/// test can kill the silo of a saga that has charged but not yet confirmed. In-process test silos share this registry.
/// </summary>
public sealed class CommitHold(ILocalSiloDetails silo) : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Guid, Held> Holds = new();

    /// <summary>From now on, commits for <paramref name="orderId"/> wait; the task completes with the silo of the first one held.</summary>
    public static Task<SiloAddress> HoldCommitsOf(Guid orderId) => Holds.GetOrAdd(orderId, _ => new Held()).Reached.Task;

    /// <summary>Commits for the order pass again; those already held stay held (their silo is meant to die).</summary>
    public static void Lift(Guid orderId) => Holds.TryRemove(orderId, out _);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!Holds.IsEmpty
            && context.InterfaceMethod?.DeclaringType == typeof(IInventoryGrain)
            && context.MethodName == nameof(IInventoryGrain.Commit)
            && context.Request.GetArgument(0) is Guid orderId
            && Holds.TryGetValue(orderId, out var held))
        {
            held.Reached.TrySetResult(silo.SiloAddress);
            await Task.Delay(Timeout.Infinite);
        }

        await context.Invoke();
    }

    private sealed class Held
    {
        public TaskCompletionSource<SiloAddress> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
