namespace Granary;

/// <summary>A grain call did not complete within its response timeout. The grain itself keeps working.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(GrainId grainId, string methodName, TimeSpan timeout)
        : base($"The call to {methodName} on grain {grainId} did not complete within {timeout}.")
    {
        GrainId = grainId;
        MethodName = methodName;
        Timeout = timeout;
    }

    public GrainId GrainId { get; }

    public string MethodName { get; }

    public TimeSpan Timeout { get; }
}
