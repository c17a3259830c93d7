namespace Granary.Serialization;

/// <summary>
/// An exception thrown in another process whose type this process cannot re-create. Carries the original
/// type name, message and stack trace text.
/// </summary>
public sealed class RemoteGrainException : GranaryException
{
    public RemoteGrainException()
    {
    }

    public RemoteGrainException(string message)
        : base(message)
    {
    }

    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RemoteGrainException(string originalTypeName, string originalMessage, string? remoteStackTrace, Exception? innerException)
        : base($"{originalTypeName}: {originalMessage}", innerException!)
    {
        OriginalTypeName = originalTypeName;
        OriginalMessage = originalMessage;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception type thrown remotely.</summary>
    public string OriginalTypeName { get; } = string.Empty;

    public string OriginalMessage { get; } = string.Empty;

    /// <summary>The stack trace text of the original exception, as the remote process reported it.</summary>
    public string? RemoteStackTrace { get; }

    public override string? StackTrace =>
        RemoteStackTrace is null ? base.StackTrace : RemoteStackTrace + Environment.NewLine + base.StackTrace;
}
