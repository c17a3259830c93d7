using System.Buffers;
using Granary.Activation;
using Granary.Invocation;
using Granary.Networking;
using Granary.Placement;
using Granary.Serialization.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.Messaging;

/// <summary>
/// Serves calls that arrive from other silos and clients: a call for a grain this silo serves is run by
/// the local activation and its outcome sent back on the same connection; a call for a grain another silo
/// now owns is answered "forward to that silo". Runs on the connection's read loop, so it only hands off.
/// </summary>
internal sealed partial class IncomingRequestHandler(
    IServiceProvider services,
    WireSerializer serializer,
    ILogger<IncomingRequestHandler> logger) : IMessageHandler
{
    // Resolved on first message: the router depends on the connection manager, which depends on this.
    private GrainCallRouter? _router;
    private Catalog? _catalog;
    private GrainLocator? _locator;

    public void OnMessageReceived(Connection connection, Message message)
    {
        _router ??= services.GetRequiredService<GrainCallRouter>();
        _catalog ??= services.GetRequiredService<Catalog>();
        _locator ??= services.GetRequiredService<GrainLocator>();
        var grainId = message.Header.TargetGrain;
        var oneWay = message.Kind == MessageKind.OneWayRequest;
        GrainRequest request;
        try
        {
            request = serializer.DeserializeRequest(new ReadOnlySequence<byte>(message.Payload));
        }
        catch (Exception exception)
        {
            LogMalformedRequest(logger, exception, connection.ToString());
            Reply(connection, message, ResponseStatus.Exception, payload => serializer.SerializeExceptionResponse(exception, payload), oneWay);
            return;
        }

        request.TargetGrainId = grainId;
        if (_router.DirectoryPlacement(grainId) is not null)
        {
            AwaitOutcome(connection, message, request, oneWay);
            _router.DispatchIncoming(request);
            return;
        }

        if (!_router.ServesLocally(grainId) && (message.Header.Flags & MessageFlags.Forwarded) != 0)
        {
            // Another silo sent it here: this view may be the stale one. Re-read membership, then decide.
            _ = ServeAfterRefreshAsync(connection, message, request, oneWay);
            return;
        }

        Serve(connection, message, request, oneWay);
    }

    private async Task ServeAfterRefreshAsync(Connection connection, Message message, GrainRequest request, bool oneWay)
    {
        try
        {
            var membership = services.GetRequiredService<Membership.IClusterMembershipService>();
            await membership.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            _locator!.Update(membership.CurrentSnapshot);
        }
        catch (Exception exception) when (exception is Membership.MembershipTableException or OperationCanceledException)
        {
            LogRefreshFailed(logger, exception);
        }

        Serve(connection, message, request, oneWay);
    }

    private void Serve(Connection connection, Message message, GrainRequest request, bool oneWay)
    {
        var grainId = request.TargetGrainId;
        if (!_router!.ServesLocally(grainId) && _locator!.GetOwner(grainId) is { } owner)
        {
            if (oneWay)
            {
                _router.Dispatch(request);
                message.Dispose();
            }
            else
            {
                Send(connection, message.CreateForward(owner.ToString()));
                message.Dispose();
            }

            return;
        }

        AwaitOutcome(connection, message, request, oneWay);
        _catalog!.Dispatch(request);
    }

    /// <summary>Arranges for the caller to get the outcome (or a "forward"); one-way calls get nothing.</summary>
    private void AwaitOutcome(Connection connection, Message message, GrainRequest request, bool oneWay)
    {
        if (oneWay)
        {
            message.Dispose();
            request.TrySetDefaultResult();
            return;
        }

        var origin = new RequestOrigin(this, connection, message, request);
        request.RemoteOrigin = origin;
        request.AsVoidValueTask().ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(origin.OnCompleted);
    }

    /// <summary>One received call: answers its caller once, with the outcome or with "forward".</summary>
    private sealed class RequestOrigin(IncomingRequestHandler handler, Connection connection, Message message, GrainRequest request)
        : IRequestOrigin
    {
        private int _answered;

        public void OnCompleted()
        {
            if (Interlocked.Exchange(ref _answered, 1) == 0)
            {
                handler.Respond(connection, message, request);
            }
        }

        public void Forward(string silo)
        {
            if (Interlocked.Exchange(ref _answered, 1) == 0)
            {
                handler.Send(connection, message.CreateForward(silo));
                message.Dispose();
                request.TrySetException(new SiloUnavailableException($"{request} was forwarded to {silo}."));
            }
        }
    }

    private void Respond(Connection connection, Message message, GrainRequest request)
    {
        var status = request.AsVoidValueTask().IsFaulted ? ResponseStatus.Exception : ResponseStatus.Ok;
        Reply(connection, message, status, payload => serializer.SerializeResponse(request, payload), oneWay: false);
    }

    private void Reply(Connection connection, Message message, ResponseStatus status, Action<PooledBufferWriter> writePayload, bool oneWay)
    {
        if (oneWay)
        {
            message.Dispose();
            return;
        }

        var response = message.CreateResponse(status);
        message.Dispose();
        using var payload = new PooledBufferWriter();
        try
        {
            writePayload(payload);
        }
        catch (Exception exception)
        {
            // The result could not be serialized: the caller gets that failure instead of hanging.
            LogResponseNotSerializable(logger, exception, connection.ToString());
            using var fallback = new PooledBufferWriter();
            serializer.SerializeExceptionResponse(exception, fallback);
            var (failed, failedLength) = fallback.Detach();
            response.Header.Status = ResponseStatus.Exception;
            response.SetPooledPayload(failed, failedLength);
            Send(connection, response);
            return;
        }

        var (buffer, length) = payload.Detach();
        response.SetPooledPayload(buffer, length);
        Send(connection, response);
    }

    private void Send(Connection connection, Message response)
    {
        ValueTask sending;
        try
        {
            sending = connection.SendAsync(response);
        }
        catch (Exception exception)
        {
            // The connection closed under us (a silo died or is stopping): this runs on a turn's completion,
            // where a throw would take the process down. The caller sees the connection loss instead.
            LogResponseLost(logger, exception, connection.ToString());
            response.Dispose();
            return;
        }

        if (!sending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sending, connection);
        }
    }

    private async Task ObserveAsync(ValueTask sending, Connection connection)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The caller sees the connection loss (its pending call fails fast); nothing else to do.
            LogResponseLost(logger, exception, connection.ToString());
        }
    }

    [LoggerMessage(EventId = EventIds.MalformedRequest, Level = LogLevel.Warning, Message = "A request from {Connection} could not be read; answered with the error.")]
    private static partial void LogMalformedRequest(ILogger logger, Exception exception, string connection);

    [LoggerMessage(EventId = EventIds.ResponseNotSerializable, Level = LogLevel.Warning, Message = "A response to {Connection} could not be serialized; answered with the error.")]
    private static partial void LogResponseNotSerializable(ILogger logger, Exception exception, string connection);

    [LoggerMessage(EventId = EventIds.ClusterWorkFailed, Level = LogLevel.Warning, Message = "Membership could not be re-read for a forwarded call; deciding with the current view.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.ResponseLost, Level = LogLevel.Debug, Message = "A response to {Connection} could not be sent.")]
    private static partial void LogResponseLost(ILogger logger, Exception exception, string connection);
}
