using System.Buffers;
using System.Text;

namespace Granary.Networking;

/// <summary>
/// One frame: a <see cref="MessageHeader"/> plus an opaque payload the serializer fills.
/// Once handed to <see cref="Connection.SendAsync"/> the connection owns the message and disposes it after
/// writing it; a received message belongs to whoever it was handed to, and disposing it returns its pooled
/// payload buffer (forgetting to dispose only costs the pooling, never correctness).
/// </summary>
internal sealed class Message : IDisposable
{
    public MessageHeader Header;

    private ReadOnlyMemory<byte> _payload;
    private byte[]? _pooledPayload;

    public Message(MessageKind kind) => Header = new MessageHeader(kind);

    public Message(in MessageHeader header) => Header = header;

    public MessageKind Kind => Header.Kind;

    public long CorrelationId => Header.CorrelationId;

    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>Size of the encoded header-fields section, computed once when the message is queued for sending.</summary>
    internal int EncodedFieldsLength { get; set; } = -1;

    /// <summary>The message took a slot of its connection's bounded send queue (control messages do not).</summary>
    internal bool HoldsSendPermit { get; set; }

    /// <summary>A request whose sender waits for a Response or Rejection.</summary>
    public static Message CreateRequest(GrainId target, string interfaceId, int methodId)
    {
        var message = new Message(MessageKind.Request);
        if (!target.IsDefault)
        {
            message.Header.TargetGrainType = target.Type.Value;
            message.Header.TargetGrainKey = target.Key;
        }

        message.Header.InterfaceId = interfaceId ?? string.Empty;
        message.Header.MethodId = methodId;
        return message;
    }

    /// <summary>Sets a payload the caller keeps owning; it must stay unchanged until the message is disposed.</summary>
    public void SetPayload(ReadOnlyMemory<byte> payload)
    {
        ReturnPooledPayload();
        _payload = payload;
    }

    /// <summary>Takes ownership of an <see cref="ArrayPool{T}.Shared"/> array; it goes back to the pool on dispose.</summary>
    public void SetPooledPayload(byte[] rented, int length)
    {
        ArgumentNullException.ThrowIfNull(rented);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, rented.Length);
        ReturnPooledPayload();
        _pooledPayload = rented;
        _payload = rented.AsMemory(0, length);
    }

    /// <summary>The answer to this request, addressed back to its sender.</summary>
    public Message CreateResponse(ResponseStatus status = ResponseStatus.Ok)
    {
        var response = new Message(MessageKind.Response);
        response.Header.CorrelationId = Header.CorrelationId;
        response.Header.Status = status;
        response.Header.SendingSilo = Header.TargetSilo;
        response.Header.TargetSilo = Header.SendingSilo;
        return response;
    }

    /// <summary>A refusal of this request with a UTF-8 reason as payload.</summary>
    public Message CreateRejection(string reason, ResponseStatus status = ResponseStatus.Unavailable)
    {
        var rejection = CreateResponse(status);
        rejection.Header.Kind = MessageKind.Rejection;
        rejection.SetPayload(Encoding.UTF8.GetBytes(reason ?? string.Empty));
        return rejection;
    }

    /// <summary>With <see cref="ResponseStatus.Forward"/>: where the request should go instead.</summary>
    public Message CreateForward(string newTargetSilo)
    {
        var forward = CreateResponse(ResponseStatus.Forward);
        forward.Header.Kind = MessageKind.Rejection;
        forward.Header.ForwardSilo = newTargetSilo ?? string.Empty;
        return forward;
    }

    /// <summary>The UTF-8 reason of a Rejection.</summary>
    public string GetPayloadText() => Encoding.UTF8.GetString(_payload.Span);

    public void Dispose()
    {
        ReturnPooledPayload();
        _payload = default;
    }

    public override string ToString() =>
        $"{Header.Kind} #{Header.CorrelationId} {Header.TargetGrainType}/{Header.TargetGrainKey} {Header.InterfaceId}.{Header.MethodId} {Header.SendingSilo}->{Header.TargetSilo} ({_payload.Length} bytes)";

    private void ReturnPooledPayload()
    {
        var pooled = Interlocked.Exchange(ref _pooledPayload, null);
        if (pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
