using System.Threading.Tasks.Sources;

namespace Granary.Networking;

/// <summary>
/// A request waiting for its response: a reusable <see cref="IValueTaskSource{TResult}"/>, so awaiting a response
/// allocates no Task. Exactly one party completes it (whoever removed it from the <see cref="MessageCorrelator"/>);
/// the awaiter's <see cref="GetResult"/> returns it to the correlator's pool.
/// </summary>
internal sealed class PendingRequest : IValueTaskSource<Message>
{
    private readonly MessageCorrelator _owner;
    private ManualResetValueTaskSourceCore<Message> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;

    public PendingRequest(MessageCorrelator owner) => _owner = owner;

    public long CorrelationId { get; private set; }

    public ValueTask<Message> AsValueTask() => new(this, _core.Version);

    public void Start(long correlationId, CancellationToken cancellationToken)
    {
        CorrelationId = correlationId;
        if (cancellationToken.CanBeCanceled)
        {
            // The registration is disposed before this object is reused, so the callback never sees a later request's id.
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var pending = (PendingRequest)state!;
                    pending._owner.TryFail(pending.CorrelationId, new OperationCanceledException(token));
                },
                this);
        }
    }

    public void SetResult(Message response) => _core.SetResult(response);

    public void SetException(Exception exception) => _core.SetException(exception);

    /// <summary>Forgets a request that was never sent, without completing it.</summary>
    public void Reset()
    {
        _registration.Dispose();
        _registration = default;
        _core.Reset();
        CorrelationId = 0;
    }

    public Message GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Reset();
            _owner.Return(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
