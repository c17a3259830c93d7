namespace Granary.Invocation;

/// <summary>
/// The remote caller of a call this silo received. When the grain has moved on before the call ran, the
/// silo tells the caller where to resend it instead of relaying it itself (it may be shutting down).
/// </summary>
internal interface IRequestOrigin
{
    /// <summary>Answers the caller "resend this to <paramref name="silo"/>" (a silo address in text form).</summary>
    void Forward(string silo);
}
