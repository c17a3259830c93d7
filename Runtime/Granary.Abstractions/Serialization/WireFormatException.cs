namespace Granary.Serialization;

/// <summary>The bytes being deserialized are not a valid message: truncated, corrupt, or of an unknown type.</summary>
public sealed class WireFormatException : GranaryException
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
