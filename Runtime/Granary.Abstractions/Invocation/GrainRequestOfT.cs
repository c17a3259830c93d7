using System.Threading.Tasks.Sources;
using Granary.Serialization;

namespace Granary.Invocation;

/// <summary>
/// A call returning <typeparamref name="TResult"/> (methods returning Task/ValueTask use <c>object?</c>).
/// The request itself is the awaitable the caller holds.
/// </summary>
public abstract class GrainRequest<TResult> : GrainRequest, IValueTaskSource<TResult>, IValueTaskSource
{
    // Continuations run inline on the completing thread; completion first leaves the grain's
    // synchronization context so a plain caller never resumes inside the callee's turn.
    private ManualResetValueTaskSourceCore<TResult> _core;
    private TResult? _result;
    private Exception? _exception;

    public ValueTask<TResult> AsValueTask() => new(this, _core.Version);

    public sealed override ValueTask AsVoidValueTask() => new(this, _core.Version);

    public sealed override ValueTask InvokeAsync(object grain, IDeepCopier resultCopier)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeMethodAsync(grain);
        }
        catch (Exception exception)
        {
            _exception = exception;
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            RecordResult(pending.Result, resultCopier);
            return default;
        }

        return AwaitResultAsync(pending, resultCopier);
    }

    public sealed override void SignalOutcome()
    {
        if (_exception is not null)
        {
            TrySetException(_exception);
        }
        else
        {
            TrySetResult(_result!);
        }
    }

    public bool TrySetResult(TResult result) => TryComplete(result, exception: null);

    public sealed override bool TrySetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TryComplete(default!, exception);
    }

    public sealed override bool TrySetDefaultResult() => TrySetResult(default!);

    /// <summary>The exception recorded by the last invocation, if the method failed.</summary>
    public sealed override Exception? RecordedException => _exception;

    /// <summary>Calls the grain method (generated).</summary>
    protected abstract ValueTask<TResult> InvokeMethodAsync(object grain);

    private bool TryComplete(TResult result, Exception? exception)
    {
        if (!TryClaimCompletion())
        {
            return false;
        }

        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            if (exception is null)
            {
                _core.SetResult(result);
            }
            else
            {
                _core.SetException(exception);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        return true;
    }

    private async ValueTask AwaitResultAsync(ValueTask<TResult> pending, IDeepCopier resultCopier)
    {
        TResult result;
        try
        {
            // Stay in the grain's turn: the method's own continuations run on its activation.
            result = await pending.ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            _exception = exception;
            return;
        }

        RecordResult(result, resultCopier);
    }

    private void RecordResult(TResult result, IDeepCopier resultCopier)
    {
        try
        {
            _result = resultCopier.Copy(result);
        }
        catch (Exception exception)
        {
            _exception = exception;
        }
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
