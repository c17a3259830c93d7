using System.Buffers;
using Granary.Invocation;
using Granary.Membership;
using Granary.Networking;
using Granary.Serialization;
using Granary.Serialization.Wire;
using Granary.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.Messaging;

/// <summary>
/// Sends a call to the silo that owns its grain and completes it with the answer: the result, the
/// grain's exception, or — when the silo is gone or cannot be reached — a <see cref="SiloUnavailableException"/>
/// at once instead of a timeout. A silo that no longer owns the grain answers "forward", and the call
/// follows it (a few hops at most, while views converge).
/// </summary>
internal sealed partial class RemoteGrainCaller(
    WireSerializer serializer,
    ConnectionManager connections,
    SiloEndpoints endpoints,
    PendingCallTracker pendingCalls,
    IClusterMembershipService membership,
    GrainLocator locator,
    IServiceProvider services,
    ILogger<RemoteGrainCaller> logger)
{
    private const int MaxForwardHops = 3;

    private IRemoteCallHost? _host;

    private IRemoteCallHost Host => _host ??= services.GetRequiredService<IRemoteCallHost>();

    /// <summary>Starts sending; the request completes when the answer arrives (or the call fails).</summary>
    public void Send(SiloAddress target, GrainRequest request) => _ = SendAsync(target, request, hops: 0);

    private async Task SendAsync(SiloAddress target, GrainRequest request, int hops)
    {
        Message message;
        try
        {
            message = CreateMessage(target, request, forwarded: hops > 0);
        }
        catch (Exception exception)
        {
            Fail(request, exception);
            return;
        }

        var endpoint = endpoints.Get(target);
        if ((request.Options & InvokeMethodOptions.OneWay) != 0)
        {
            try
            {
                await connections.SendAsync(endpoint, message).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransportFailure(exception))
            {
                LogOneWayLost(logger, exception, request.ToString(), target);
            }

            return;
        }

        Message response;
        try
        {
            response = await connections.SendRequestAsync(endpoint, message).ConfigureAwait(false);
        }
        catch (Exception exception) when (hops < MaxForwardHops && IsUndelivered(exception))
        {
            // Not delivered (the silo refused the connection, or it was closing): safe to try the owner in a fresh view.
            await RedeliverOrFailAsync(target, request, exception.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (IsTransportFailure(exception))
        {
            // Possibly delivered before the connection broke: running it twice could repeat its effects.
            Fail(request, Unavailable(target, request, exception.Message));
            return;
        }

        using (response)
        {
            switch (response.Header.Status)
            {
                case ResponseStatus.Ok:
                case ResponseStatus.Exception:
                    Complete(request, response);
                    return;
                case ResponseStatus.Forward when hops < MaxForwardHops && SiloAddress.TryParse(response.Header.ForwardSilo, out var next):
                    if (next.Equals(Host.LocalSilo))
                    {
                        Host.DeliverHere(request);
                    }
                    else
                    {
                        await SendAsync(next, request, hops + 1).ConfigureAwait(false);
                    }

                    return;
                case ResponseStatus.Unavailable when hops < MaxForwardHops:
                    // The silo refused it without running it (stopping or not the owner).
                    await RedeliverOrFailAsync(target, request, response.GetPayloadText()).ConfigureAwait(false);
                    return;
                default:
                    Fail(request, Unavailable(target, request, response.GetPayloadText()));
                    return;
            }
        }
    }

    /// <summary>
    /// Re-reads membership and, if the grain now belongs to another silo (this one included), delivers the
    /// call there; otherwise fails it as undeliverable.
    /// </summary>
    private async Task RedeliverOrFailAsync(SiloAddress failedTarget, GrainRequest request, string reason)
    {
        try
        {
            await membership.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            locator.Update(membership.CurrentSnapshot);
        }
        catch (Exception exception) when (exception is MembershipTableException or OperationCanceledException)
        {
            Fail(request, Unavailable(failedTarget, request, $"{reason}; membership could not be refreshed: {exception.Message}"));
            return;
        }

        if (locator.GetOwner(request.TargetGrainId) is { } owner && !owner.Equals(failedTarget))
        {
            Host.Redeliver(request);
            return;
        }

        Fail(request, Unavailable(failedTarget, request, reason));
    }

    private Message CreateMessage(SiloAddress target, GrainRequest request, bool forwarded)
    {
        var message = Message.CreateRequest(request.TargetGrainId, request.InterfaceType.FullName ?? request.InterfaceType.Name, 0);
        if ((request.Options & InvokeMethodOptions.OneWay) != 0)
        {
            message.Header.Kind = MessageKind.OneWayRequest;
        }

        if (forwarded)
        {
            message.Header.Flags |= MessageFlags.Forwarded;
        }

        message.Header.SendingSilo = Host.Identity;
        message.Header.TargetSilo = target.ToString();
        message.Header.TimeToLiveMilliseconds = (uint)Math.Min(uint.MaxValue, pendingCalls.ResponseTimeout.TotalMilliseconds);
        using var payload = new PooledBufferWriter();
        serializer.SerializeRequest(request, payload);
        var (buffer, length) = payload.Detach();
        message.SetPooledPayload(buffer, length);
        return message;
    }

    private void Complete(GrainRequest request, Message response)
    {
        try
        {
            serializer.DeserializeResponse(request, new ReadOnlySequence<byte>(response.Payload));
        }
        catch (Exception exception)
        {
            Fail(request, exception);
            return;
        }

        pendingCalls.Untrack(request);
    }

    private void Fail(GrainRequest request, Exception exception)
    {
        pendingCalls.Untrack(request);
        request.TrySetException(exception);
    }

    private static SiloUnavailableException Unavailable(SiloAddress target, GrainRequest request, string reason) =>
        new($"The call to {request} on grain {request.TargetGrainId} could not be delivered to silo {target}: {reason}");

    // Refused before sending, or pending on a connection the peer closed gracefully (a closing silo answers
    // everything it accepted before it closes, so what was still pending was not run there).
    private static bool IsUndelivered(Exception exception) =>
        exception is SiloUnavailableException
            or ConnectionLostException { NotDelivered: true }
            or ConnectionLostException { InnerException: null };

    private static bool IsTransportFailure(Exception exception) =>
        exception is ConnectionLostException or SiloUnavailableException or ProtocolException
            or System.Net.Sockets.SocketException or IOException or ObjectDisposedException or OperationCanceledException;

    [LoggerMessage(EventId = EventIds.OneWayCallFailed, Level = LogLevel.Warning,
        Message = "One-way call {Method} could not be sent to silo {Silo}; it is lost.")]
    private static partial void LogOneWayLost(ILogger logger, Exception exception, string method, SiloAddress silo);
}
