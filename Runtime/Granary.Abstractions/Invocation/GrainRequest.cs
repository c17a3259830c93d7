using Granary.Serialization;

namespace Granary.Invocation;

/// <summary>
/// One grain call: the method, its arguments, and the caller's pending result. Generated code derives
/// one sealed class per interface method; the runtime queues, runs and completes it. A request is used
/// for exactly one call.
/// </summary>
public abstract class GrainRequest
{
    private int _completed;

    public abstract Type InterfaceType { get; }

    public abstract string MethodName { get; }

    public virtual InvokeMethodOptions Options => InvokeMethodOptions.None;

    public abstract int ArgumentCount { get; }

    public abstract object? GetArgument(int index);

    /// <summary>Replaces each argument with a deep copy (arguments of immutable types are left as they are).</summary>
    public abstract void CopyArguments(IDeepCopier copier);

    /// <summary>Whether the caller already has its outcome (result, exception or timeout).</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>
    /// Runs the method on <paramref name="grain"/> and records a copy of its result, or its exception.
    /// Never throws. The returned task ends when the method's task ends. The caller learns the outcome
    /// only from <see cref="SignalOutcome"/>, so the runtime can finish its own bookkeeping first.
    /// </summary>
    public abstract ValueTask InvokeAsync(object grain, IDeepCopier resultCopier);

    /// <summary>
    /// The caller's outcome without its result type: it completes (or faults) when the outcome is set. A silo
    /// that received a call from another silo registers a continuation on it to send the response back.
    /// </summary>
    public abstract ValueTask AsVoidValueTask();

    /// <summary>Completes the caller with the outcome recorded by <see cref="InvokeAsync"/> (unless it already has one).</summary>
    public abstract void SignalOutcome();

    /// <summary>The exception the method threw in <see cref="InvokeAsync"/>, if any (logged for one-way calls).</summary>
    public abstract Exception? RecordedException { get; }

    /// <summary>Completes the caller with <paramref name="exception"/> unless it already has an outcome.</summary>
    public abstract bool TrySetException(Exception exception);

    /// <summary>Completes the caller with the default result; used for one-way calls.</summary>
    public abstract bool TrySetDefaultResult();

    public override string ToString() => $"{InterfaceType.Name}.{MethodName}";

    /// <summary>Claims the right to complete; the first of result, exception and timeout wins.</summary>
    protected bool TryClaimCompletion() => Interlocked.Exchange(ref _completed, 1) == 0;

    // Runtime bookkeeping, kept here so a call costs one allocation: the pending-call list it sits in
    // while awaited (for timeouts), and the activation queue it waits in.
    internal long DeadlineTimestamp;
    internal GrainRequest? PendingPrevious;
    internal GrainRequest? PendingNext;
    internal int PendingShard = -1;
    internal GrainId TargetGrainId;
    internal GrainRequest? QueueNext;

    // Set when the call came from another silo or a client: where to send "forward" if this silo cannot serve it.
    internal IRequestOrigin? RemoteOrigin;
}
