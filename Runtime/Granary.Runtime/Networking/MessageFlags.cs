namespace Granary.Networking;

/// <summary>Per-message bits carried in the fixed header. Values are on the wire: never reuse a bit.</summary>
[Flags]
internal enum MessageFlags : ushort
{
    None = 0,

    /// <summary>The call may run interleaved with other read-only calls.</summary>
    ReadOnly = 1 << 0,

    /// <summary>The call may run interleaved with any call.</summary>
    AlwaysInterleave = 1 << 1,

    /// <summary>The message belongs to the runtime itself (membership, directory), not to application grains.</summary>
    System = 1 << 2,

    /// <summary>
    /// A request resent after a "forward" answer: the receiver re-reads membership before forwarding it
    /// again, so silos whose views briefly disagree do not bounce a call between them.
    /// </summary>
    Forwarded = 1 << 3,
}
