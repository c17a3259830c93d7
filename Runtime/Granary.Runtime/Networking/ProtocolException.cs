namespace Granary.Networking;

/// <summary>A peer sent bytes that are not a valid frame of this protocol (malformed, oversized, wrong version).</summary>
public sealed class ProtocolException : GranaryException
{
    public ProtocolException(string message)
        : base(message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
