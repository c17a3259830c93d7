namespace Granary;

/// <summary>Base of the runtime's own exceptions.</summary>
public class GranaryException : Exception
{
    public GranaryException()
    {
    }

    public GranaryException(string message)
        : base(message)
    {
    }

    public GranaryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
