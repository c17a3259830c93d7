namespace Granary.Invocation;

/// <summary>What a grain reference sends its calls through: the silo or cluster client it came from.</summary>
public interface IGrainReferenceRuntime
{
    /// <summary>
    /// Copies the request's arguments and delivers it to the grain. The request completes later, with
    /// the result, the grain's exception, or a <see cref="GrainCallTimeoutException"/>.
    /// </summary>
    void SendRequest(GrainReference target, GrainRequest request);
}
