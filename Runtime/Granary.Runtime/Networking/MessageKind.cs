namespace Granary.Networking;

/// <summary>What a frame is. Values are on the wire: never renumber, only append.</summary>
internal enum MessageKind : byte
{
    Request = 1,
    Response = 2,
    OneWayRequest = 3,
    Rejection = 4,
    Probe = 5,
    ProbeResponse = 6,
    Handshake = 7,
    Close = 8,
}
