namespace Granary.Networking;

/// <summary>Outcome carried by a Response or Rejection. Values are on the wire: never renumber, only append.</summary>
internal enum ResponseStatus : byte
{
    /// <summary>The payload is the result.</summary>
    Ok = 0,

    /// <summary>The payload is a serialized exception.</summary>
    Exception = 1,

    /// <summary>The target refused the message or is not serving it (stopping, overloaded, wrong silo); the payload may hold a UTF-8 reason.</summary>
    Unavailable = 2,

    /// <summary>The target is elsewhere: resend to <see cref="MessageHeader.ForwardSilo"/>.</summary>
    Forward = 3,
}
